package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.Network;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * source is not ready, the pool keeps serving the last job, and the source keeps retrying; each change
 * of state is logged once. Solved blocks are sent with {@code submitblock} at once and sent again on
 * transport errors, so a found block is not lost to a passing fault.
 */
public final class BitcoindTemplateSource implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(BitcoindTemplateSource.class);
    private static final Duration LONG_POLL_TIMEOUT = Duration.ofMinutes(10);
    private static final int SUBMIT_ATTEMPTS = 8;

    private final BitcoindSettings settings;
    private final Network network;
    private final JsonRpcClient rpc;
    private final ScheduledExecutorService templates;
    private final ExecutorService submissions;
    private final Thread longPoller;
    private final CompletableFuture<Void> verified = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile boolean ready;
    private volatile String longPollId;

    // Confined to the templates thread.
    private Consumer<BlockTemplate> listener = t -> { };
    private String problem = "not contacted yet";
    private String templatePrevHash;
    private String bestHash;

    public BitcoindTemplateSource(BitcoindSettings settings, Network network) {
        this.settings = settings;
        this.network = network;
        this.rpc = new JsonRpcClient(settings);
        this.templates = Executors.newSingleThreadScheduledExecutor(daemon("bitcoind-templates"));
        this.submissions = Executors.newCachedThreadPool(daemon("bitcoind-submit"));
        this.longPoller = daemon("bitcoind-longpoll").newThread(this::longPoll);
    }

    @Override
    public void start(Consumer<BlockTemplate> templateListener) {
        templates.execute(() -> listener = templateListener);
        templates.scheduleWithFixedDelay(this::poll, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        long refresh = settings.refreshInterval().toMillis();
        templates.scheduleWithFixedDelay(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
        longPoller.start();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public CompletionStage<Void> verified() {
        return verified;
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
                notReady("bitcoind is in initial block download (" + info.path("blocks").asLong() + " of "
                        + info.path("headers").asLong() + " blocks)");
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
            notReady("bitcoind at " + settings.url() + " cannot be reached: " + describe(e));
        } catch (JsonRpcClient.RpcError e) {
            notReady("bitcoind refused a request: " + e.getMessage() + " (code " + e.code + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            notReady("bitcoind sent something the pool cannot read: " + e.getMessage());
        }
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
            longPollId = t.path("longpollid").asText();
        }
        if (newBlock) {
            log.info("New block from bitcoind: mining height {} on {} ({} transactions)", template.height(), prev,
                    template.transactions().size());
        }
        listener.accept(template);
    }

    /** Waits on bitcoind's long poll; it answers when the tip changes (or the template did). */
    private void longPoll() {
        while (running) {
            String id = longPollId;
            if (!ready || id == null) {
                sleep(settings.pollInterval());
                continue;
            }
            try {
                JsonNode t = rpc.call(LONG_POLL_TIMEOUT, "getblocktemplate",
                        Map.of("rules", network.templateRules(), "longpollid", id));
                if (id.equals(longPollId)) {
                    templates.execute(() -> emit(t));
                }
                if (id.equals(t.path("longpollid").asText())) {
                    // A node that answers at once with the same id does not long-poll: fall back to polling.
                    sleep(settings.pollInterval());
                }
            } catch (IOException | JsonRpcClient.RpcError e) {
                sleep(settings.retryInterval());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public CompletionStage<BlockResult> submitBlock(SolvedBlock block) {
        String hex = HexFormat.of().formatHex(block.serialize());
        String hash = block.hashHex();
        long height = block.template().height();
        return CompletableFuture.supplyAsync(() -> {
            Duration pause = Duration.ofMillis(250);
            String lastError = null;
            for (int attempt = 1; attempt <= SUBMIT_ATTEMPTS && running; attempt++) {
                try {
                    JsonNode result = rpc.call("submitblock", hex);
                    templates.execute(this::poll);
                    String reason = result.isNull() ? null : result.asText();
                    boolean accepted = reason == null || reason.equals("duplicate");
                    return new BlockResult(hash, height, accepted, reason);
                } catch (JsonRpcClient.RpcError e) {
                    return new BlockResult(hash, height, false, e.getMessage());
                } catch (IOException e) {
                    lastError = describe(e);
                    log.warn("submitblock for block {} failed (attempt {} of {}): {}", hash, attempt, SUBMIT_ATTEMPTS, lastError);
                    sleep(pause);
                    pause = pause.multipliedBy(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return new BlockResult(hash, height, false, "not submitted: " + lastError);
        }, submissions);
    }

    private void nowReady(long blocks) {
        if (!ready) {
            ready = true;
            problem = null;
            log.info("bitcoind at {} is ready: {} at height {}", settings.url(), network, blocks);
        }
    }

    private void notReady(String why) {
        if (ready || !why.equals(problem)) {
            log.warn("{}; serving the last job and retrying", why);
        }
        ready = false;
        problem = why;
    }

    @Override
    public void close() {
        running = false;
        longPoller.interrupt();
        templates.shutdownNow();
        submissions.shutdownNow();
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
