package club.micromining.pool;

import club.micromining.pool.raffle.Raffle;
import club.micromining.pool.raffle.Rounds;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.alerts.WebhookSender;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.donation.DonationService;
import club.micromining.pool.login.Logins;
import club.micromining.pool.payout.PayoutPolicy;
import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the club's domain actors.
 *
 * @param snapshotEvery      events between entity snapshots
 * @param recordTimeout      how long a share may take to be persisted
 * @param rejectionsInterval how often rejection tallies are written
 * @param presenceInterval   how often devices' connections and disconnections are written
 * @param warmParallelism    entities of newly authorized devices started at once, ahead of their first share
 * @param warmRate           such entities started a second at most, so a node taking back thousands of devices
 *                           spends its cores on their handshakes first
 * @param askTimeout         how long an entity may take to answer a command of the API or a service
 * @param scheme             how work turns into accruals: FPPS, PPLNS or SOLO, chosen here once
 * @param split              how every accrual is divided
 * @param blockRewardRetry   pause before a found block's division is tried again
 * @param payouts            when and how members are paid
 * @param defaultThresholdMsat payout threshold of a member who chose none
 * @param donations          the club's donation invoices
 * @param logins             login challenges (LNURL-auth)
 * @param claimCodeLifetime  how long a claim code binds its account
 * @param goal               the club's funding goal per round, and its euro rate
 * @param alertCheckInterval how often devices are looked at for members' alerts
 * @param webhooks           how alerts are delivered to members' webhooks
 * @param raffle             rounds and the raffle drawn at their close
 * @param voting             when and how the club votes on its projects
 */
public record PoolSettings(int snapshotEvery, Duration recordTimeout, Duration rejectionsInterval, Duration presenceInterval,
                           int warmParallelism, int warmRate, Duration askTimeout,
                           PaymentScheme scheme, Split split, Duration blockRewardRetry, PayoutPolicy payouts,
                           long defaultThresholdMsat, DonationService.Settings donations, Logins.Settings logins,
                           Duration claimCodeLifetime, FundingGoal goal, Duration alertCheckInterval,
                           WebhookSender.Settings webhooks, Raffle.Settings raffle, Voting voting) {

    /**
     * The goal of a round in euros, and where the euro rate comes from.
     *
     * @param eurPerBtc        the fixed rate, or the rate until the price source first answers
     * @param priceUrl         an HTTP price source, or null
     * @param priceJsonPointer where in its JSON answer the rate is
     */
    public record FundingGoal(long goalEur, long eurPerBtc, java.net.URI priceUrl, String priceJsonPointer, Duration priceRefresh,
                              Duration priceTimeout) {
        /** The goal in msat at a rate: euros over euros per BTC, times 10^11 msat per BTC, in integers. */
        public long goalMsat(long eurPerBtc) {
            return Math.multiplyExact(goalEur, 100_000_000_000L) / eurPerBtc;
        }
    }

    public static PoolSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        Duration askTimeout = r.duration("micromining.pool.ask-timeout", "POOL_ASK_TIMEOUT", Duration.ofMillis(100));
        return new PoolSettings(
                r.integer("micromining.pool.snapshot-every", "POOL_SNAPSHOT_EVERY", 10, 1_000_000),
                r.duration("micromining.pool.record-timeout", "POOL_RECORD_TIMEOUT", Duration.ofMillis(100)),
                r.duration("micromining.pool.rejections-interval", "POOL_REJECTIONS_INTERVAL", Duration.ofSeconds(1)),
                r.duration("micromining.pool.presence-interval", "POOL_PRESENCE_INTERVAL", Duration.ofMillis(100)),
                r.integer("micromining.pool.warm-parallelism", "POOL_WARM_PARALLELISM", 1, 1_000),
                r.integer("micromining.pool.warm-rate", "POOL_WARM_RATE", 1, 100_000),
                askTimeout, scheme(r), split(r),
                r.duration("micromining.accounting.block-reward-retry-interval", "POOL_BLOCK_REWARD_RETRY_INTERVAL",
                        Duration.ofMillis(10)),
                payouts(r),
                r.integer("micromining.payouts.default-threshold-msat", "POOL_PAYOUT_DEFAULT_THRESHOLD_MSAT", 1, Integer.MAX_VALUE),
                donations(r, askTimeout),
                new Logins.Settings(r.duration("micromining.login.challenge-lifetime", "POOL_LOGIN_CHALLENGE_LIFETIME",
                        Duration.ofSeconds(10)), askTimeout),
                r.duration("micromining.login.claim-code-lifetime", "POOL_CLAIM_CODE_LIFETIME", Duration.ofMinutes(1)),
                goal(r),
                r.duration("micromining.alerts.check-interval", "POOL_ALERT_CHECK_INTERVAL", Duration.ofSeconds(1)),
                new WebhookSender.Settings(r.integer("micromining.alerts.webhook-attempts", "POOL_ALERT_WEBHOOK_ATTEMPTS", 1, 20),
                        r.duration("micromining.alerts.webhook-backoff", "POOL_ALERT_WEBHOOK_BACKOFF", Duration.ofMillis(10)),
                        r.duration("micromining.alerts.webhook-timeout", "POOL_ALERT_WEBHOOK_TIMEOUT", Duration.ofSeconds(1))),
                raffle(r), voting(r));
    }

    private static FundingGoal goal(ConfigReader r) {
        String k = "micromining.club.";
        String url = r.string(k + "price-url", "POOL_PRICE_URL").trim();
        java.net.URI uri = null;
        if (!url.isEmpty()) {
            try {
                uri = new java.net.URI(url);
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new SettingsException(k + "price-url", "POOL_PRICE_URL", "must be an http(s) URL, was \"" + url + "\"");
            }
        }
        String pointer = r.string(k + "price-json-pointer", "POOL_PRICE_JSON_POINTER");
        if (!pointer.startsWith("/")) {
            throw new SettingsException(k + "price-json-pointer", "POOL_PRICE_JSON_POINTER",
                    "must be a JSON pointer such as /bitcoin/eur, was \"" + pointer + "\"");
        }
        return new FundingGoal(r.positiveLong(k + "funding-goal-eur", "POOL_FUNDING_GOAL_EUR"),
                r.positiveLong(k + "eur-per-btc", "POOL_EUR_PER_BTC"), uri, pointer,
                r.duration(k + "price-refresh", "POOL_PRICE_REFRESH", Duration.ofSeconds(10)),
                r.duration(k + "price-timeout", "POOL_PRICE_TIMEOUT", Duration.ofMillis(100)));
    }

    private static Voting voting(ConfigReader r) {
        String k = "micromining.projects.";
        String w = r.string(k + "vote-weight", "POOL_VOTE_WEIGHT").trim().toUpperCase(java.util.Locale.ROOT);
        Voting.Weight weight;
        try {
            weight = Voting.Weight.valueOf(w);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(k + "vote-weight", "POOL_VOTE_WEIGHT", "must be one or sqrt, not '" + w.toLowerCase() + "'");
        }
        return new Voting(raffleRounds(r), r.duration(k + "voting-window", "POOL_VOTING_WINDOW", Duration.ofSeconds(1)), weight,
                r.integer(k + "quorum", "POOL_VOTING_QUORUM", 0, 1_000_000));
    }

    private static Rounds raffleRounds(ConfigReader r) {
        String k = "micromining.raffle.";
        try {
            return Rounds.parse(r.string(k + "round-length", "POOL_ROUND_LENGTH"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(k + "round-length", "POOL_ROUND_LENGTH", e.getMessage());
        }
    }

    private static Raffle.Settings raffle(ConfigReader r) {
        String k = "micromining.raffle.";
        Rounds rounds = raffleRounds(r);
        String w = r.string(k + "weighting", "POOL_RAFFLE_WEIGHTING").trim().toUpperCase(java.util.Locale.ROOT);
        Raffle.Weighting weighting;
        try {
            weighting = Raffle.Weighting.valueOf(w);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(k + "weighting", "POOL_RAFFLE_WEIGHTING", "must be linear or sqrt, not '" + w.toLowerCase() + "'");
        }
        return new Raffle.Settings(rounds, weighting, r.integer(k + "delay-blocks", "POOL_RAFFLE_DELAY_BLOCKS", 1, 1_000),
                r.integer(k + "confirmations", "POOL_RAFFLE_CONFIRMATIONS", 0, 1_000),
                r.integer(k + "prize-share-percent", "POOL_RAFFLE_PRIZE_SHARE", 1, 100),
                r.duration(k + "claim-window", "POOL_RAFFLE_CLAIM_WINDOW", Duration.ofSeconds(1)));
    }

    private static DonationService.Settings donations(ConfigReader r, Duration askTimeout) {
        String d = "micromining.donations.";
        long min = r.positiveLong(d + "min-msat", "POOL_DONATION_MIN_MSAT");
        long max = r.positiveLong(d + "max-msat", "POOL_DONATION_MAX_MSAT");
        if (max < min) {
            throw new SettingsException(d + "max-msat", "POOL_DONATION_MAX_MSAT",
                    "must not be below the minimum donation " + min + ", was " + max);
        }
        return new DonationService.Settings(min, max,
                r.duration(d + "invoice-expiry", "POOL_DONATION_INVOICE_EXPIRY", Duration.ofSeconds(10)),
                r.duration(d + "reconcile-interval", "POOL_DONATION_RECONCILE_INTERVAL", Duration.ofSeconds(1)),
                askTimeout);
    }

    private static PayoutPolicy payouts(ConfigReader r) {
        String p = "micromining.payouts.";
        return new PayoutPolicy(
                r.duration(p + "cycle-interval", "POOL_PAYOUT_CYCLE_INTERVAL", Duration.ofMillis(100)),
                r.duration(p + "payout-interval", "POOL_PAYOUT_INTERVAL", Duration.ofSeconds(1)),
                r.integer(p + "minimum-msat", "POOL_PAYOUT_MINIMUM_MSAT", 1000, Integer.MAX_VALUE),
                r.integer(p + "fee-budget-ppm", "POOL_PAYOUT_FEE_BUDGET_PPM", 0, 1_000_000),
                r.integer(p + "min-fee-budget-msat", "POOL_PAYOUT_MIN_FEE_BUDGET_MSAT", 0, Integer.MAX_VALUE),
                r.integer(p + "parallelism", "POOL_PAYOUT_PARALLELISM", 1, 256),
                r.duration(p + "payment-timeout", "POOL_PAYOUT_PAYMENT_TIMEOUT", Duration.ofMillis(100)),
                r.duration(p + "backoff-base", "POOL_PAYOUT_BACKOFF_BASE", Duration.ofMillis(10)),
                r.duration(p + "backoff-max", "POOL_PAYOUT_BACKOFF_MAX", Duration.ofMillis(10)));
    }

    private static PaymentScheme scheme(ConfigReader r) {
        String path = "micromining.accounting.scheme";
        String raw = r.string(path, "POOL_ACCOUNTING_SCHEME");
        PplnsWindow window = pplnsWindow(r);
        try {
            return PaymentScheme.named(raw, window);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(path, "POOL_ACCOUNTING_SCHEME", e.getMessage());
        }
    }

    private static PplnsWindow pplnsWindow(ConfigReader r) {
        String path = "micromining.accounting.pplns-window";
        String raw = r.string(path, "POOL_PPLNS_WINDOW");
        try {
            return PplnsWindow.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(path, "POOL_PPLNS_WINDOW",
                    "must be a positive difficulty (5e6) or a multiple of the network difficulty (2x), was \"" + raw + "\"");
        }
    }

    /** Percentages with at most two decimals; they must add up to 100. */
    private static Split split(ConfigReader r) {
        String s = "micromining.accounting.split.";
        int member = basisPoints(r, s + "member", "POOL_SPLIT_MEMBER");
        int fund = basisPoints(r, s + "project-fund", "POOL_SPLIT_PROJECT_FUND");
        int raffle = basisPoints(r, s + "raffle-pot", "POOL_SPLIT_RAFFLE_POT");
        int reserve = basisPoints(r, s + "reserve", "POOL_SPLIT_RESERVE");
        int fee = basisPoints(r, s + "pool-fee", "POOL_SPLIT_POOL_FEE");
        int sum = member + fund + raffle + reserve + fee;
        if (sum != Split.WHOLE) {
            throw new SettingsException(s + "member", "POOL_SPLIT_MEMBER",
                    "the split (member, project-fund, raffle-pot, reserve, pool-fee) must add up to 100, adds up to "
                            + java.math.BigDecimal.valueOf(sum, 2).stripTrailingZeros().toPlainString());
        }
        return new Split(member, fund, raffle, reserve, fee);
    }

    private static int basisPoints(ConfigReader r, String path, String env) {
        String raw = r.string(path, env).trim();
        try {
            java.math.BigDecimal percent = new java.math.BigDecimal(raw);
            if (percent.signum() >= 0 && percent.compareTo(java.math.BigDecimal.valueOf(100)) <= 0
                    && percent.scale() <= 2) {
                return percent.movePointRight(2).intValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new SettingsException(path, env, "must be a percentage from 0 to 100 with at most two decimals, was \"" + raw + "\"");
    }
}
