package club.micromining.ops.api;

import club.micromining.persistence.readmodel.AccountView;
import club.micromining.persistence.readmodel.BlockView;
import club.micromining.persistence.readmodel.Hashrate;
import club.micromining.persistence.readmodel.PoolSummary;
import club.micromining.persistence.readmodel.ReadModels;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.session.WorkerName;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only JSON API: {@code GET /api/pool}, {@code GET /api/blocks} and
 * {@code GET /api/accounts/{account}}, answered from the read models (and the current job for the
 * network's height and difficulty).
 */
public final class PoolApiRoutes extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(PoolApiRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int BLOCKS_LISTED = 100;

    private final ReadModels read;
    private final Supplier<Job> currentJob;
    private final Executor blocking;

    /** @param blocking where the JDBC queries run, off the HTTP server's threads */
    public PoolApiRoutes(ReadModels read, Supplier<Job> currentJob, Executor blocking) {
        this.read = read;
        this.currentJob = currentJob;
        this.blocking = blocking;
    }

    public Route routes() {
        return handleExceptions(ExceptionHandler.newBuilder().matchAny(e -> {
            log.warn("API request failed: {}", e.toString());
            return complete(StatusCodes.SERVICE_UNAVAILABLE, error("the pool's read side is not available right now"),
                    Jackson.marshaller(JSON));
        }).build(), () -> pathPrefix("api", () -> concat(
                path("pool", () -> get(() -> onSuccess(query(() -> pool(read.pool(System.currentTimeMillis()))),
                        body -> complete(StatusCodes.OK, body, Jackson.marshaller(JSON))))),
                path("blocks", () -> get(() -> onSuccess(query(() -> blocks(read.blocks(BLOCKS_LISTED))),
                        body -> complete(StatusCodes.OK, body, Jackson.marshaller(JSON))))),
                path(PathMatchers.segment("accounts").slash(PathMatchers.segment()), account -> get(() -> account(account))))));
    }

    private Route account(String account) {
        try {
            WorkerName name = WorkerName.parse(account);
            if (!name.worker().equals(WorkerName.DEFAULT_WORKER) || account.contains(".")) {
                return complete(StatusCodes.BAD_REQUEST, error("an account has no '.'; devices are listed under it"),
                        Jackson.marshaller(JSON));
            }
        } catch (WorkerName.InvalidWorkerName e) {
            return complete(StatusCodes.BAD_REQUEST, error(e.getMessage()), Jackson.marshaller(JSON));
        }
        return onSuccess(query(() -> read.account(account, System.currentTimeMillis())), found -> found
                .map(view -> complete(StatusCodes.OK, account(view), Jackson.marshaller(JSON)))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, error("unknown account '" + account + "'"),
                        Jackson.marshaller(JSON))));
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private <T> CompletionStage<T> query(Query<T> q) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return q.run();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, blocking);
    }

    private Map<String, Object> pool(PoolSummary p) {
        Map<String, Object> shares = new LinkedHashMap<>();
        shares.put("accepted", p.sharesAccepted());
        shares.put("acceptedDifficulty", p.difficultyAccepted());
        shares.put("rejected", p.sharesRejected());
        shares.put("rejectedByReason", p.rejectedByReason());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("devicesOnline", p.devicesOnline());
        body.put("hashrate", hashrate(p.hashrate()));
        body.put("shares", shares);
        body.put("blocksFound", p.blocksFound());
        body.put("fundsMsat", p.fundsMsat());
        Job job = currentJob.get();
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("height", job == null ? null : job.height());
        network.put("difficulty", job == null ? null : job.networkDifficulty());
        body.put("network", network);
        return body;
    }

    private static Map<String, Object> account(AccountView a) {
        List<Map<String, Object>> devices = new ArrayList<>();
        for (AccountView.DeviceView d : a.devices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("worker", d.worker());
            m.put("online", d.online());
            m.put("hashrate", hashrate(d.hashrate()));
            m.put("shares", d.shares());
            m.put("difficulty", d.difficulty());
            m.put("bestDifficulty", d.bestDifficulty());
            m.put("lastShareAt", d.lastShareAt() == 0 ? null : Instant.ofEpochMilli(d.lastShareAt()).toString());
            devices.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", a.account());
        body.put("devices", devices);
        body.put("balanceMsat", a.balanceMsat());
        body.put("creditedMsat", a.creditedMsat());
        body.put("reservedMsat", a.reservedMsat());
        body.put("paidMsat", a.paidMsat());
        body.put("feesMsat", a.feesMsat());
        body.put("payoutDestination", a.destination());
        List<Map<String, Object>> payouts = new ArrayList<>();
        for (AccountView.PayoutView p : a.payouts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("paymentHash", p.paymentHash());
            m.put("destination", p.destination());
            m.put("amountMsat", p.amountMsat());
            m.put("feeMsat", p.feeMsat());
            m.put("status", p.status());
            m.put("preimage", p.preimage());
            m.put("reason", p.reason());
            m.put("requestedAt", Instant.ofEpochMilli(p.requestedAt()).toString());
            m.put("finishedAt", p.finishedAt() == null ? null : Instant.ofEpochMilli(p.finishedAt()).toString());
            payouts.add(m);
        }
        body.put("payouts", payouts);
        return body;
    }

    private static Map<String, Object> blocks(List<BlockView> blocks) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (BlockView b : blocks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hash", b.hash());
            m.put("height", b.height());
            m.put("finder", b.finder());
            m.put("accepted", b.accepted());
            m.put("reason", b.reason());
            m.put("foundAt", Instant.ofEpochMilli(b.foundAt()).toString());
            if (b.reward() != null) {
                BlockView.Reward r = b.reward();
                Map<String, Object> reward = new LinkedHashMap<>();
                reward.put("scheme", r.scheme());
                reward.put("valueMsat", r.valueMsat());
                reward.put("window", r.window());
                reward.put("countedDifficulty", r.countedDifficulty());
                reward.put("toReserveMsat", r.undistributedMsat());
                reward.put("distributedAt", Instant.ofEpochMilli(r.distributedAt()).toString());
                List<Map<String, Object>> credits = new ArrayList<>();
                for (BlockView.Credit c : r.credits()) {
                    credits.add(Map.of("account", c.account(), "accrualMsat", c.accrualMsat(), "memberMsat", c.memberMsat()));
                }
                reward.put("credits", credits);
                m.put("reward", reward);
            }
            list.add(m);
        }
        return Map.of("blocks", list);
    }

    private static Map<String, Object> hashrate(Hashrate h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("1m", h.h1m());
        m.put("10m", h.h10m());
        m.put("1h", h.h1h());
        return m;
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }
}
