package club.micromining.pool.facade;

import club.micromining.pool.accounting.WorkWindow;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.alerts.AlertDelivery;
import club.micromining.pool.alerts.Alerts;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.MonthView;
import club.micromining.pool.view.PoolView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import club.micromining.pool.raffle.ChainClock;
import club.micromining.pool.raffle.Raffle;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import java.math.BigInteger;
import java.util.function.LongUnaryOperator;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The read side as the domain needs it: the projections that turn the journal into read models (and
 * carry credits to members), and the queries over them. Implemented by the {@code persistence} module.
 * The queries block (JDBC): the facade calls them on its blocking dispatcher. A failing query throws
 * {@link Unavailable}.
 */
public interface ReadSide extends io.micrometer.core.instrument.binder.MeterBinder {

    /** The read side's own meters (how far its projections are behind); none unless it has some. */
    @Override
    default void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
    }

    /**
     * Starts this node's part of the read side: its share of the projections and its lag meters. What runs once
     * in the cluster (journal cleanup, trimming the work window to what {@code scheme} needs at the
     * {@code networkDifficulty} of the moment, the ledger's seals and draws) is {@link #clusterDuty()}.
     *
     * @param blocking   where its blocking work runs
     * @param askTimeout how long a member entity may take to take a credit
     * @param alerts     where raised alerts are delivered
     * @param raffle     the rounds whose raffle tickets are committed when they close
     * @param chain      the chain's height and block hashes, for the raffle
     * @param voting     the rounds whose project votes are tallied when they close
     * @param feeBudget  the routing-fee budget a funding of an amount reserves (the payout policy's)
     * @param shareLag   how far behind the share path's writes are, which the projections yield to
     */
    void start(ActorSystem<?> system, Executor blocking, PaymentScheme scheme, Duration askTimeout,
               Supplier<OptionalDouble> networkDifficulty, AlertDelivery alerts, Raffle.Settings raffle, ChainClock chain,
               Voting voting, LongUnaryOperator feeBudget, club.micromining.pool.shares.ShareWriteLag shareLag);

    /**
     * What the read side must do once in the cluster, after {@link #start}: sealing the ledger's periods,
     * drawing raffles and crediting prizes, handing tallies to projects, cleaning the journal. The Guardian
     * runs it as a cluster singleton.
     */
    default club.micromining.pool.cluster.ClusterDuty clusterDuty() {
        return club.micromining.pool.cluster.ClusterDuty.NONE;
    }

    /** The current round and the latest closed ones, newest first, without their ticket lists. */
    List<RoundView> rounds(long nowMillis, int limit);

    /** One round with its tickets; empty for a round that has not begun or an id that names none. */
    Optional<RoundView> round(String id, long nowMillis);

    /** An account's work in a round so far, in hashes: its raffle tickets and what entitles it to vote. */
    BigInteger roundHashes(String account, String round);

    /** Projects newest first, of one round or of all ({@code round} null). */
    List<ProjectView> projects(String round, int limit);

    /** One project with its comments and votes. */
    Optional<ProjectView> project(String id);

    /** Funded projects not yet paid, for the payouts. */
    List<String> fundingDue();

    /** Where the PPLNS window is read; once started. */
    WorkWindow workWindow();

    /** The pool's totals; its network is {@link club.micromining.pool.view.NetworkView#UNKNOWN} (the facade adds it). */
    PoolView pool(long nowMillis);

    /** The account, or empty when no device of it ever mined and it has no balance. */
    Optional<AccountView> account(String account, long nowMillis);

    /** The latest blocks the pool submitted, newest first. */
    List<BlockView> blocks(int limit);

    /** Accounts the payout service should look at: a destination set, and something to pay or a payout in flight. */
    List<String> payoutCandidates(long minimumMsat);

    /** The pool's hash rate in the last {@code periods} complete ten-minute periods. */
    HistoryView poolHistory(long nowMillis, int periods);

    /** Each device's hash rate of an account, by worker, in the same periods. */
    Map<String, HistoryView> accountHistory(String account, long nowMillis, int periods);

    /** Best shares, contributions and models online; lists at most {@code limit} long. */
    HighScoresView highScores(long nowMillis, int limit);

    /** The current UTC month's funds and work. */
    MonthView month(long nowMillis);

    /** An account's credits on each of the last {@code days} UTC days, oldest first. */
    List<DayCreditView> accountDays(String account, long nowMillis, int days);

    /** An account with alerts on, and its devices as the alert watcher looks at them. */
    record AlertSubject(String account, List<Alerts.DeviceStatus> devices) {
    }

    /** Every account with an alert on. */
    List<AlertSubject> alertSubjects();

    AlertSettingsView alertSettings(String account);

    /** An account's latest alerts, newest first. */
    List<AlertView> alerts(String account, int limit);

    /** The account whose watcher link has this token hash, if the link is current. */
    Optional<String> watchedAccount(String tokenHash);

    /** The accounts a wallet (its LNURL-auth linking key) has claimed, by name; as far as the read side has caught up. */
    List<String> accountsOf(String linkingKey);

    /** The read side could not answer (its database is away, say). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
