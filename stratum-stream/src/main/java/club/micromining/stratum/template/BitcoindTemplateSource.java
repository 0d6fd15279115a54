package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.Network;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Templates from bitcoind over JSON-RPC. A new block is noticed by long-polling
 * {@code getblocktemplate} and, as a fallback, by checking {@code getblockchaininfo} every poll interval;
 * either way a fresh template goes out with {@code clean_jobs}. Every refresh interval a new template
 * (new transactions and fees) replaces the job without cleaning it.
 *
 * <p>While bitcoind cannot be reached, is in initial block download or refuses the credentials, the
 * source is not ready, the pool keeps serving the last job, and the source asks again every retry
 * interval; each change of state is logged once.
 *
 * <p>A solved block is first written to the pending directory (see {@link PendingBlocks}), then sent
 * with {@code submitblock} until bitcoind gives a definite answer: transport errors and "not yet" errors
 * (warming up after a restart, initial block download) are retried, backing off up to the retry interval,
 * for as long as it takes. The file goes only with the answer, so a block bitcoind never answered, because
 * the pool stopped or crashed, is sent again at the next start.
 */
public final class BitcoindTemplateSource implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(BitcoindTemplateSource.class);
    private static final Duration LONG_POLL_TIMEOUT = Duration.ofMinutes(10);
    /** The first resend is quick: a found block loses value with every second other miners work on. */
    private static final Duration FIRST_SUBMIT_PAUSE = Duration.ofMillis(250);
    /**
     * RPC errors with which bitcoind says it cannot judge anything yet: warming up after a start (-28), in
     * initial block download (-10), without peers (-9). Any other error is its verdict on the block.
     */
    private static final Set<Integer> NOT_YET = Set.of(-28, -10, -9);
    /** submitblock results that mean bitcoind has the block as valid (see {@link BlockResult#accepted()}). */
    private static final Set<String> ACCEPTED = Set.of("duplicate", "inconclusive", "duplicate-inconclusive");
    private static final String IN_IBD = "bitcoind is in initial block download";
    private static final long IBD_PROGRESS_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final BitcoindSettings settings;
    private final Network network;
    private final JsonRpcClient rpc;
    private final PendingBlocks pending;
    /** Read before anything can be submitted, so a block found in this run is never taken for one of them. */
    private final List<PendingBlocks.Pending> earlier;
    private final ScheduledExecutorService templates;
    private final ExecutorService submissions;
    private final Thread longPoller;
    private final CompletableFuture<Void> verified = new CompletableFuture<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Wakes the long poller when there is an id to wait on. */
    private final Object longPollSignal = new Object();
    private final AtomicReference<String> longPollId = new AtomicReference<>();
    private volatile boolean ready;
    private volatile Consumer<RecoveredBlock> recovered = r -> { };

    // Confined to the templates thread.
    private Consumer<BlockTemplate> listener = t -> { };
    private String problem = "not contacted yet";
    private String templatePrevHash;
    private String bestHash;
    private boolean earlierSent;
    private long ibdProgressLoggedNanos;

    public BitcoindTemplateSource(BitcoindSettings settings, Network network) {
        this.settings = settings;
        this.network = network;
        this.rpc = new JsonRpcClient(settings);
        this.pending = new PendingBlocks(settings.pendingBlocksDir());
        this.earlier = pending.load();
        this.templates = Executors.newSingleThreadScheduledExecutor(daemon("bitcoind-templates"));
        this.submissions = Executors.newCachedThreadPool(daemon("bitcoind-submit"));
        this.longPoller = daemon("bitcoind-longpoll").newThread(this::longPoll);
    }

    @Override
    public CompletionStage<java.util.Optional<String>> blockHash(long height) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return java.util.Optional.of(rpc.call("getblockhash", height).asText());
            } catch (JsonRpcClient.RpcError e) {
                // -8: the chain is not that high yet.
                if (e.code == -8) {
                    return java.util.Optional.empty();
                }
                throw new java.util.concurrent.CompletionException(new IOException("getblockhash " + height + ": " + e.getMessage()));
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CompletionException(e);
            }
        }, submissions);
    }

    @Override
    public void onRecoveredBlock(Consumer<RecoveredBlock> listener) {
        recovered = listener;
    }

    @Override
    public void start(Consumer<BlockTemplate> templateListener) {
        templates.execute(() -> listener = templateListener);
        templates.execute(this::pollAndSchedule);
        long refresh = settings.refreshInterval().toMillis();
        templates.scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        longPoller.start();
    }

    @Override
    public int pendingBlocks() {
        return pending.count();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public CompletionStage<Void> verified() {
        return verified;
    }

    private void pollAndSchedule() {
        poll();
        // While bitcoind is away, asking every poll interval would only repeat the same failure.
        Duration next = ready ? settings.pollInterval() : settings.retryInterval();
        try {
            templates.schedule(this::pollAndSchedule, next.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    /** Checks the chain and the tip; fetches a template when the tip moved. */
    private void poll() {
        try {
            JsonNode info = rpc.call("getblockchaininfo");
            String chain = info.path("chain").asText();
            if (!chain.equals(network.bitcoindChain())) {
                String message = "bitcoind at " + settings.url() + " is on chain '" + chain + "' but the pool is set up for "
                        + network + " (POOL_NETWORK, POOL_BITCOIND_URL)";
                verified.completeExceptionally(new IllegalStateException(message));
                notReady(message);
                return;
            }
            if (info.path("initialblockdownload").asBoolean(false)) {
                initialBlockDownload(info.path("blocks").asLong() + " of " + info.path("headers").asLong() + " blocks");
                return;
            }
            verified.complete(null);
            String best = info.path("bestblockhash").asText();
            if (!best.equals(bestHash) || templatePrevHash == null) {
                fetchTemplate();
                bestHash = best;
            }
            nowReady(info.path("blocks").asLong());
        } catch (IOException e) {
            notReady(transportState(e), "bitcoind at " + settings.url() + " cannot be reached: " + describe(e));
        } catch (JsonRpcClient.RpcError e) {
            // Keyed by code: bitcoind's words change while it starts ("Loading block index", "Verifying blocks").
            notReady("code " + e.code, "bitcoind refused a request: " + e.getMessage() + " (code " + e.code + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            notReady("bitcoind sent something the pool cannot read: " + e.getMessage());
        }
    }

    /** Logged once on entering; the progress at most once a minute, not on every poll. */
    private void initialBlockDownload(String progress) {
        long now = System.nanoTime();
        if (ready || !IN_IBD.equals(problem)) {
            ibdProgressLoggedNanos = now;
        } else if (now - ibdProgressLoggedNanos >= IBD_PROGRESS_EVERY_NANOS) {
            log.info("bitcoind initial block download: {}", progress);
            ibdProgressLoggedNanos = now;
        }
        notReady(IN_IBD, IN_IBD + " (" + progress + ")");
    }

    private void refresh() {
        if (!ready) {
            return;
        }
        try {
            fetchTemplate();
        } catch (IOException | JsonRpcClient.RpcError | RuntimeException e) {
            notReady("template refresh failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fetchTemplate() throws IOException, JsonRpcClient.RpcError, InterruptedException {
        JsonNode t = rpc.call("getblocktemplate", Map.of("rules", network.templateRules()));
        emit(t);
    }

    /** On the templates thread: hands a template out, clean when its previous block is new. */
    private void emit(JsonNode t) {
        String prev = t.path("previousblockhash").asText();
        boolean newBlock = !prev.equals(templatePrevHash);
        BlockTemplate template = TemplateParser.parse(t, newBlock);
        templatePrevHash = prev;
        if (t.path("longpollid").isTextual()) {
            longPollId.set(t.path("longpollid").asText());
            wakeLongPoller();
        }
        if (newBlock) {
            log.info("New block from bitcoind: mining height {} on {} ({} transactions)", template.height(), prev,
                    template.transactions().size());
        }
        listener.accept(template);
    }

    /** Waits on bitcoind's long poll; it answers when the tip changes (or the template did). */
    private void longPoll() {
        while (!closed()) {
            try {
                String id = awaitLongPollId();
                JsonNode t = rpc.call(LONG_POLL_TIMEOUT, "getblocktemplate",
                        Map.of("rules", network.templateRules(), "longpollid", id));
                String next = t.path("longpollid").asText(null);
                // Unless a poll or refresh already handed out a newer template.
                if (next != null && longPollId.compareAndSet(id, next)) {
                    templates.execute(() -> emit(t));
                }
                if (id.equals(next)) {
                    // A node that answers at once with the same id does not long-poll: leave it to polling.
                    pause(settings.pollInterval());
                }
            } catch (IOException | JsonRpcClient.RpcError e) {
                pause(settings.retryInterval());
            } catch (InterruptedException | RejectedExecutionException e) {
                return;
            }
        }
    }

    private String awaitLongPollId() throws InterruptedException {
        synchronized (longPollSignal) {
            while (!ready || longPollId.get() == null) {
                longPollSignal.wait();
            }
            return longPollId.get();
        }
    }

    private void wakeLongPoller() {
        synchronized (longPollSignal) {
            longPollSignal.notifyAll();
        }
    }

    @Override
    public CompletionStage<BlockResult> submitBlock(SolvedBlock block, String finder) {
        String hash = block.hashHex();
        long height = block.template().height();
        CompletableFuture<BlockResult> verdict = new CompletableFuture<>();
        try {
            submissions.execute(() -> {
                String hex = HexFormat.of().formatHex(block.serialize());
                keep(hash, hex, finder, height, block.template().coinbaseValue());
                try {
                    verdict.complete(submitUntilAnswered(hash, height, hex));
                } catch (RuntimeException e) {
                    verdict.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            // Found as the pool stops: written down, it goes to bitcoind at the next start.
            keep(hash, HexFormat.of().formatHex(block.serialize()), finder, height, block.template().coinbaseValue());
            verdict.completeExceptionally(new BlockStillPendingException(hash, pending.fileOf(hash)));
        }
        return verdict;
    }

    private void keep(String hash, String hex, String finder, long height, long coinbaseValue) {
        try {
            pending.save(hash, hex, finder, height, coinbaseValue);
        } catch (IOException e) {
            log.error("Could not write block {} at height {} to {} ({}); sending it anyway, but if the pool stops before"
                    + " bitcoind answers it is lost", hash, height, pending.fileOf(hash), describe(e));
        }
    }

    /**
     * Sends the block until bitcoind says what it makes of it, then forgets the pending file.
     *
     * @throws BlockStillPendingException when the source is closed first
     */
    private BlockResult submitUntilAnswered(String hash, long height, String hex) {
        Duration pause = FIRST_SUBMIT_PAUSE.compareTo(settings.retryInterval()) < 0 ? FIRST_SUBMIT_PAUSE : settings.retryInterval();
        String failing = null;
        while (!closed()) {
            String failure;
            String message;
            try {
                JsonNode result = rpc.call("submitblock", hex);
                forget(hash);
                // The block may be the new tip: a poll now saves miners part of a poll interval on the old one.
                pollSoon();
                String reason = result.isNull() ? null : result.asText();
                return new BlockResult(hash, height, reason == null || ACCEPTED.contains(reason), reason);
            } catch (JsonRpcClient.RpcError e) {
                if (!NOT_YET.contains(e.code)) {
                    forget(hash);
                    return new BlockResult(hash, height, false, e.getMessage());
                }
                failure = "code " + e.code;
                message = "bitcoind cannot judge blocks yet: " + e.getMessage() + " (code " + e.code + ")";
            } catch (IOException e) {
                failure = transportState(e);
                message = "bitcoind cannot be reached: " + describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (!failure.equals(failing)) {
                log.warn("submitblock for block {} at height {}: {}; sending it again until bitcoind answers (kept in {})",
                        hash, height, message, pending.fileOf(hash));
                failing = failure;
            }
            if (pause(pause)) {
                break;
            }
            pause = pause.multipliedBy(2).compareTo(settings.retryInterval()) < 0 ? pause.multipliedBy(2) : settings.retryInterval();
        }
        throw new BlockStillPendingException(hash, pending.fileOf(hash));
    }

    private void forget(String hash) {
        try {
            pending.remove(hash);
        } catch (IOException e) {
            log.warn("Could not delete {} ({}); bitcoind already answered, so at the next start it will say \"duplicate\"",
                    pending.fileOf(hash), describe(e));
        }
    }

    private void pollSoon() {
        try {
            templates.execute(this::poll);
        } catch (RejectedExecutionException e) {
            // Closing: the block's verdict stands, there is just no next template to fetch.
        }
    }

    /** Once bitcoind is up, on the templates thread: sends the blocks earlier runs left without an answer. */
    private void sendEarlier() {
        if (earlier.isEmpty()) {
            return;
        }
        log.info("{} found block(s) from before the last stop had no answer from bitcoind; sending them again",
                earlier.size());
        for (PendingBlocks.Pending p : earlier) {
            try {
                submissions.execute(() -> resend(p));
            } catch (RejectedExecutionException e) {
                return;
            }
        }
    }

    private void resend(PendingBlocks.Pending p) {
        BlockResult result;
        try {
            result = submitUntilAnswered(p.hash(), p.height(), p.hex());
        } catch (BlockStillPendingException e) {
            log.warn("{}", e.getMessage());
            return;
        }
        if (p.finder() == null) {
            log.warn("Block {} from before the last stop: bitcoind says {} (accepted: {}); who found it is unknown, so it"
                    + " is not credited", p.hash(), result.reason() == null ? "accepted" : result.reason(), result.accepted());
            return;
        }
        recovered.accept(new RecoveredBlock(result, p.finder(), p.template()));
    }

    private void nowReady(long blocks) {
        if (!ready) {
            ready = true;
            problem = null;
            log.info("bitcoind at {} is ready: {} at height {}", settings.url(), network, blocks);
            wakeLongPoller();
            if (!earlierSent) {
                // Not before: a node still starting or syncing could call a good block's parent unknown.
                earlierSent = true;
                sendEarlier();
            }
        }
    }

    private void notReady(String why) {
        notReady(why, why);
    }

    /** Logs only when the state changes, so a failure repeated on every attempt is logged once. */
    private void notReady(String state, String message) {
        if (ready || !state.equals(problem)) {
            log.warn("{}; serving the last job and retrying", message);
        }
        ready = false;
        problem = state;
    }

    /**
     * Stops asking bitcoind. A submit already on its way gets its answer (waiting at most one RPC timeout),
     * so the block need not go again at the next start; one waiting to be sent again stays pending.
     */
    @Override
    public void close() {
        closing.countDown();
        longPoller.interrupt();
        templates.shutdownNow();
        submissions.shutdown();
        try {
            if (!submissions.awaitTermination(settings.rpcTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                submissions.shutdownNow();
            }
        } catch (InterruptedException e) {
            submissions.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private boolean closed() {
        return closing.getCount() == 0;
    }

    /** Waits, cut short by {@link #close}; true when closed. */
    private boolean pause(Duration d) {
        try {
            return closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** One state for every way of not getting through (refused, reset, timed out), another for refused credentials. */
    private static String transportState(IOException e) {
        return e instanceof JsonRpcClient.Unauthorized ? "unauthorized" : "unreachable";
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
