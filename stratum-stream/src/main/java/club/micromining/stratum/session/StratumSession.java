package club.micromining.stratum.session;

import static club.micromining.stratum.protocol.StratumMessages.error;
import static club.micromining.stratum.protocol.StratumMessages.resultTrue;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.protocol.MalformedRequestException;
import club.micromining.stratum.protocol.StratumMessages;
import club.micromining.stratum.protocol.StratumParser;
import club.micromining.stratum.protocol.StratumRequest;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.DuplicateShareException;
import club.micromining.common.concurrent.Failures;
import club.micromining.stratum.share.Rejection;
import club.micromining.stratum.share.ShareOutcome;
import club.micromining.stratum.share.ShareValidator;
import club.micromining.stratum.share.Submission;
import club.micromining.stratum.vardiff.VarDiff;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One miner connection's Stratum V1 conversation: subscription, authorization, version rolling,
 * difficulty, the jobs it was sent and the shares it submits. Single-threaded: its connection's event
 * loop calls it for every line, every new job and every timer tick.
 */
public final class StratumSession {
    private static final Logger log = LoggerFactory.getLogger(StratumSession.class);
    private static final ThrottledLog recordFailures = new ThrottledLog(log, 10);
    private static final byte[] NULL_ID = "null".getBytes(StandardCharsets.US_ASCII);

    private final SessionContext ctx;
    private final SessionSettings settings;
    private final SessionIo io;
    private final String remote;
    private final byte[] extranonce1;
    private final String extranonce1Hex;
    private final long connectedAt;
    /** When the submit being handled was read, for its answer's latency. */
    private long submitReadAt;
    private boolean jobSent;
    private final TokenBucket submits;
    private final VarDiff vardiff;
    /** Jobs sent to this connection by the id it was sent under, oldest first. */
    private final LinkedHashMap<String, SentJob> sentJobs = new LinkedHashMap<>();
    private final Map<String, WorkerName> authorized = new HashMap<>(2);

    private boolean subscribed;
    private String userAgent = "";
    private Job newestJob;
    private WorkerName device;
    private int versionMask;
    private double minimumDifficulty;
    private double difficulty;
    private Target target;
    /** {@link SessionIo#waitedNanos()} when the miner last sent a line. */
    private long waitedAtLastLine;
    private int protocolErrors;
    private long accepted;
    private long rejected;

    /**
     * A job as this connection knows it: the difficulty in force when it was sent, and the shares seen
     * for it (shared by every id the same job was sent under, so a share cannot be credited twice).
     */
    private record SentJob(Job job, double difficulty, Target target, Set<Long> seen) {
    }

    public StratumSession(SessionContext ctx, SessionIo io, String remote, long nowNanos) {
        this.ctx = ctx;
        this.settings = ctx.settings();
        this.io = io;
        this.remote = remote;
        this.extranonce1 = ctx.extranonces().next();
        this.extranonce1Hex = java.util.HexFormat.of().formatHex(extranonce1);
        this.connectedAt = nowNanos;
        this.submits = new TokenBucket(settings.submitsPerSecond(), 2 * settings.submitsPerSecond(), nowNanos);
        this.vardiff = new VarDiff(settings.shareInterval().toNanos(), settings.vardiffWindow().toNanos(),
                settings.difficulty(), nowNanos);
        setDifficulty(settings.difficulty().start());
        ctx.stats().connectionOpened();
    }

    public void onLine(byte[] line, long now) {
        waitedAtLastLine = io.waitedNanos();
        StratumRequest req;
        try {
            req = StratumParser.parse(line);
        } catch (MalformedRequestException e) {
            protocolError(NULL_ID, e.getMessage());
            return;
        }
        if (req.method() == null) {
            return;
        }
        switch (req.method()) {
            case "mining.submit" -> submit(req, now);
            case "mining.subscribe" -> subscribe(req, now);
            case "mining.authorize" -> authorize(req);
            case "mining.configure" -> configure(req, now);
            case "mining.suggest_difficulty" -> suggestDifficulty(req, now);
            case "mining.extranonce.subscribe" -> ok(req);
            default -> protocolError(req.id(), "Unknown method '" + clip(req.method()) + "'");
        }
    }

    /**
     * A new job from the job manager. A paced refresh may arrive after a newer block's job was already
     * sent; it is dropped then, so the miner never goes back to an older job.
     */
    public void onJob(Job job, long now) {
        if (subscribed && !sentJobs.containsKey(job.id()) && job.createdAtNanos() > newestJob.createdAtNanos()) {
            sendJob(job, job.id(), job.cleanJobs());
        }
    }

    public void onTick(long now) {
        long waited = io.waitedNanos();
        if (device == null && waited > settings.handshakeTimeout().toNanos()) {
            io.close("not authorized within " + settings.handshakeTimeout().toSeconds() + " s");
        } else if (waited - waitedAtLastLine > settings.idleTimeout().toNanos()) {
            io.close("idle for " + settings.idleTimeout().toSeconds() + " s");
        } else if (subscribed) {
            OptionalDouble next = vardiff.onTick(now, difficulty);
            if (next.isPresent()) {
                changeDifficulty(next.getAsDouble(), now);
            }
        }
    }

    /** The connection is gone; {@code reason} says why. */
    public void onClosed(String reason) {
        ctx.stats().connectionClosed(device != null);
        if (device != null) {
            ctx.devices().disconnected(device, System.currentTimeMillis());
            log.info("{} disconnected from {}: {} ({} shares accepted, {} rejected)", device, remote, reason, accepted, rejected);
        } else {
            log.debug("Connection from {} closed before authorizing: {}", remote, reason);
        }
    }

    public String extranonce1() {
        return extranonce1Hex;
    }

    public double difficulty() {
        return difficulty;
    }

    private void configure(StratumRequest req, long now) {
        List<Object> params = req.params();
        if (params.isEmpty() || !(params.get(0) instanceof List<?> extensions)) {
            protocolError(req.id(), "mining.configure needs a list of extensions");
            return;
        }
        Map<?, ?> values = params.size() > 1 && params.get(1) instanceof Map<?, ?> m ? m : Map.of();
        Map<String, Object> result = new LinkedHashMap<>();
        for (Object ext : extensions) {
            String name = String.valueOf(ext);
            switch (name) {
                case "version-rolling" -> configureVersionRolling(values, result);
                case "minimum-difficulty" -> {
                    Double min = number(values.get("minimum-difficulty.value"));
                    boolean ok = min != null && min >= 0;
                    if (ok) {
                        minimumDifficulty = min == 0 ? 0 : settings.difficulty().clamp(min);
                    }
                    result.put(name, ok);
                }
                case "subscribe-extranonce" -> result.put(name, true);
                default -> result.put(clip(name), false);
            }
        }
        io.send(StratumMessages.result(req.id(), StratumMessages.object(result)));
        if (difficulty < minimumDifficulty) {
            changeDifficulty(minimumDifficulty, now);
        }
        protocolErrors = 0;
    }

    /**
     * BIP 310: the mask is what the miner asked for AND what the pool allows. A miner's
     * {@code min-bit-count} is advisory; the BIP says not to refuse over it, so the miner decides.
     */
    private void configureVersionRolling(Map<?, ?> values, Map<String, Object> result) {
        Object maskParam = values.get("version-rolling.mask");
        Integer requested = maskParam == null ? Integer.valueOf(0xffffffff) : hex32(maskParam);
        if (requested == null) {
            result.put("version-rolling", false);
            return;
        }
        versionMask = requested & settings.versionMask();
        result.put("version-rolling", true);
        result.put("version-rolling.mask", Job.hex32(versionMask));
    }

    private void subscribe(StratumRequest req, long now) {
        if (!req.params().isEmpty()) {
            userAgent = Authorization.printable(req.params().get(0));
        }
        Job job = ctx.jobs().current();
        io.send(StratumMessages.result(req.id(),
                StratumMessages.subscribeResult(extranonce1Hex, extranonce1Hex, job.extranonce2Size())));
        protocolErrors = 0;
        if (!subscribed) {
            subscribed = true;
            vardiff.reset(now);
            io.send(StratumMessages.setDifficulty(difficulty));
            sendJob(job, job.id(), true);
        }
    }

    private void authorize(StratumRequest req) {
        List<Object> params = req.params();
        String user = !params.isEmpty() && params.get(0) instanceof String s ? s : null;
        WorkerName name;
        try {
            name = WorkerName.parse(user);
        } catch (WorkerName.InvalidWorkerName e) {
            log.debug("Refused user name from {}: {}", remote, e.getMessage());
            io.send(error(req.id(), Rejection.UNAUTHORIZED.code(), "Unauthorized: " + e.getMessage(), true));
            return;
        }
        authorized.put(user, name);
        if (device == null) {
            device = name;
            ctx.stats().deviceAuthorized();
            ctx.devices().connected(new Authorization(name, userAgent,
                    params.size() > 1 ? Authorization.printable(params.get(1)) : "", System.currentTimeMillis()));
            log.info("{} connected from {}", name, remote);
        }
        protocolErrors = 0;
        io.send(resultTrue(req.id()));
    }

    private void suggestDifficulty(StratumRequest req, long now) {
        Double suggested = req.params().isEmpty() ? null : number(req.params().get(0));
        if (suggested == null || !(suggested > 0)) {
            protocolError(req.id(), "mining.suggest_difficulty needs a positive number");
            return;
        }
        ok(req);
        double d = settings.difficulty().clamp(Math.max(suggested, minimumDifficulty));
        if (d != difficulty) {
            changeDifficulty(d, now);
        }
    }

    private void submit(StratumRequest req, long now) {
        submitReadAt = now;
        List<Object> p = req.params();
        if (p.size() < 5 || p.size() > 6 || !allStrings(p)) {
            reject(req, Rejection.INVALID_PARAMS);
            return;
        }
        if (!submits.tryTake(now)) {
            io.close("more than " + settings.submitsPerSecond() + " submits per second");
            return;
        }
        if (!subscribed) {
            reject(req, Rejection.NOT_SUBSCRIBED);
            return;
        }
        WorkerName worker = authorized.get((String) p.get(0));
        if (worker == null) {
            reject(req, Rejection.UNAUTHORIZED);
            return;
        }
        String jobId = (String) p.get(1);
        SentJob sent = sentJobs.get(jobId);
        if (sent == null) {
            reject(req, Rejection.JOB_NOT_FOUND);
            return;
        }
        if (sent.job().isStale(now)) {
            reject(req, Rejection.STALE);
            return;
        }
        byte[] extranonce2 = hexBytes((String) p.get(2));
        Integer ntime = hex32(p.get(3));
        Integer nonce = hex32(p.get(4));
        Integer versionBits = p.size() == 6 ? hex32(p.get(5)) : Integer.valueOf(0);
        if (extranonce2 == null || ntime == null || nonce == null || versionBits == null) {
            reject(req, Rejection.INVALID_PARAMS);
            return;
        }
        // Judged at the difficulty in force when the job was sent, or the current one if lower: a
        // retarget never rejects work the device did before it heard of it.
        boolean current = difficulty < sent.difficulty();
        double credited = current ? difficulty : sent.difficulty();
        Target shareTarget = current ? target : sent.target();
        Submission submission = new Submission(extranonce2, ntime, nonce, versionBits);
        long validating = System.nanoTime();
        ShareOutcome outcome = ShareValidator.validate(sent.job(), extranonce1, submission, versionMask, shareTarget);
        ctx.stats().shareValidated(System.nanoTime() - validating);
        if (outcome instanceof ShareOutcome.Rejected r) {
            reject(req, r.reason());
            return;
        }
        ShareOutcome.Accepted share = (ShareOutcome.Accepted) outcome;
        long identity = share.identity();
        if (!sent.seen().add(identity)) {
            reject(req, Rejection.DUPLICATE);
            return;
        }
        protocolErrors = 0;
        Job job = sent.job();
        if (share.block()) {
            log.info("Block candidate at height {} from {}: {}", job.height(), worker,
                    BlockHeader.displayHex(share.hash()));
            ctx.jobs().submitBlock(job, job.solvedBlock(share.header(), extranonce1, extranonce2), worker.toString());
        }
        ctx.jobs().workAccepted(credited);
        AcceptedShare record = new AcceptedShare(worker.account(), worker.worker(), jobId, job.height(), credited,
                share.hashDifficulty(), extranonce1Hex, ((String) p.get(2)).toLowerCase(Locale.ROOT), ntime, nonce,
                BlockHeader.readLe(share.header(), 0), share.block(), System.currentTimeMillis(), shareTarget.value(),
                job.networkTarget().value(), job.template().coinbaseValue());
        byte[] id = req.id();
        long takenAt = ctx.inFlight().taken();
        CompletionStage<Void> recorded = ctx.recorder().record(record);
        // Released on completion itself, not in the reply: a connection that closed never runs its reply.
        recorded.whenComplete((done, failure) -> ctx.inFlight().released(takenAt));
        io.sendWhenDone(recorded, (done, failure) -> {
            if (failure != null) {
                Throwable cause = Failures.unwrap(failure);
                Rejection reason = Rejection.DUPLICATE;
                if (!(cause instanceof DuplicateShareException)) {
                    recordFailures.warn("Share from {} could not be recorded: {}", worker, failure.toString());
                    sent.seen().remove(identity);
                    reason = Rejection.NOT_RECORDED;
                }
                rejected++;
                ctx.stats().shareRejected(reason);
                ctx.stats().submitAnswered(false, reason, System.nanoTime() - now);
                return error(id, reason.code(), reason.message(), false);
            }
            accepted++;
            ctx.stats().shareAccepted(credited, share.block());
            ctx.stats().submitAnswered(true, null, System.nanoTime() - now);
            return resultTrue(id);
        });
        OptionalDouble next = vardiff.onShare(now, difficulty);
        if (next.isPresent()) {
            changeDifficulty(next.getAsDouble(), now);
        }
    }

    /** A new difficulty applies to the next job, so a fresh job follows it at once. */
    private void changeDifficulty(double wanted, long now) {
        double d = Math.max(wanted, minimumDifficulty);
        if (d == difficulty) {
            return;
        }
        setDifficulty(d);
        vardiff.reset(now);
        if (subscribed) {
            io.send(StratumMessages.setDifficulty(d));
            Job job = ctx.jobs().current();
            sendJob(job, ctx.jobs().newJobId(), false);
        }
    }

    private void setDifficulty(double d) {
        difficulty = d;
        target = Difficulty.target(d);
    }

    private void sendJob(Job job, String id, boolean clean) {
        Set<Long> seen = null;
        for (SentJob s : sentJobs.values()) {
            if (s.job() == job) {
                seen = s.seen();
                break;
            }
        }
        sentJobs.put(id, new SentJob(job, difficulty, target, seen != null ? seen : new HashSet<>()));
        if (newestJob == null || job.createdAtNanos() > newestJob.createdAtNanos()) {
            newestJob = job;
        }
        Iterator<SentJob> oldest = sentJobs.values().iterator();
        while (sentJobs.size() > settings.jobsPerConnection()) {
            oldest.next();
            oldest.remove();
        }
        io.send(id.equals(job.id()) && clean == job.cleanJobs() ? job.notifyMessage() : job.notify(id, clean));
        if (!jobSent) {
            jobSent = true;
            ctx.stats().handshakeDone(System.nanoTime() - connectedAt);
        }
    }

    private void ok(StratumRequest req) {
        io.send(resultTrue(req.id()));
    }

    private void reject(StratumRequest req, Rejection reason) {
        rejected++;
        ctx.stats().shareRejected(reason);
        ctx.stats().submitAnswered(false, reason, System.nanoTime() - submitReadAt);
        io.send(error(req.id(), reason.code(), reason.message(), false));
    }

    private void protocolError(byte[] id, String message) {
        io.send(error(id, Rejection.OTHER.code(), message, false));
        if (++protocolErrors > settings.maxProtocolErrors()) {
            io.close(protocolErrors + " malformed or unknown requests in a row");
        }
    }

    private static boolean allStrings(List<Object> params) {
        for (Object o : params) {
            if (!(o instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** A 32-bit value written as up to 8 hex digits (Stratum's ntime, nonce, version bits, mask). */
    private static Integer hex32(Object o) {
        if (!(o instanceof String s) || s.isEmpty() || s.length() > 8) {
            return null;
        }
        try {
            return Integer.parseUnsignedInt(s, 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static byte[] hexBytes(String s) {
        if (s.length() % 2 != 0 || s.length() > 64) {
            return null;
        }
        try {
            return java.util.HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Double number(Object o) {
        try {
            if (o instanceof BigDecimal b) {
                return b.doubleValue();
            }
            if (o instanceof String s) {
                return Double.valueOf(s.trim());
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static String clip(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
