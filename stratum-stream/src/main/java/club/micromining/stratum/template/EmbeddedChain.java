package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.ByteWriter;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.MerkleTree;
import club.micromining.stratum.bitcoin.Scripts;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.bitcoin.Target;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A regtest-style chain inside the pool, the default template source: it issues templates, accepts a
 * solved block only after checking its proof of work, merkle root and coinbase, then advances and
 * issues a template for the next block.
 *
 * <p>Its difficulty is its own: it starts at a configured value and retargets toward the configured
 * block interval from the work the pool reports ({@link #workObserved}), so blocks stay rare next to
 * shares. All state lives on one thread; callers only hand it work.
 */
public final class EmbeddedChain implements TemplateSource {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedChain.class);
    private static final int BLOCK_VERSION = 0x20000000;
    private static final long SUBSIDY_HALVING_INTERVAL = 210_000;
    private static final long INITIAL_SUBSIDY_SATS = 50L * 100_000_000L;
    private static final byte[] WITNESS_COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    /** How much past work the retarget looks at. */
    private static final long WORK_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final double MAX_RETARGET_STEP = 4.0;
    private static final double RETARGET_DEADBAND = 0.25;

    private final EmbeddedChainSettings settings;
    private final ChainStore store;
    private final ScheduledExecutorService thread;
    private final DoubleAdder unseenWork = new DoubleAdder();

    // Confined to `thread`.
    private Consumer<BlockTemplate> listener = t -> { };
    private long height = 1;
    private byte[] tip = Sha256d.hash("MicroMining embedded chain genesis".getBytes(StandardCharsets.US_ASCII));
    private int bits;
    private final Set<Integer> bitsIssuedAtHeight = new HashSet<>();
    private List<TemplateTransaction> transactions = List.of();
    private byte[] witnessCommitment;
    private final ArrayDeque<WorkSample> workWindow = new ArrayDeque<>();
    private final long startedNanos = System.nanoTime();
    private final List<BlockResult> blocksFound = new ArrayList<>();
    private volatile ChainStatus status;

    /** A chain that lives as long as this process. */
    public EmbeddedChain(EmbeddedChainSettings settings) {
        this(settings, ChainStore.IN_MEMORY);
    }

    /** A chain that goes on from the tip {@code store} holds, and stores every block it accepts. */
    public EmbeddedChain(EmbeddedChainSettings settings, ChainStore store) {
        this.settings = settings;
        this.store = store;
        this.bits = Difficulty.bitsFromTarget(Difficulty.target(settings.startDifficulty()).value());
        store.tip().ifPresent(stored -> {
            height = stored.height() + 1;
            tip = reversed(java.util.HexFormat.of().parseHex(stored.hash()));
            // The difficulty it had reached, so a restart does not flood the chain with easy blocks.
            bits = stored.bits();
        });
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-chain");
            t.setDaemon(true);
            return t;
        });
        prepareBlock();
    }

    /** Height, tip and difficulty, readable from any thread. */
    public record ChainStatus(long height, String tipHash, double difficulty, int blocksFound) {
    }

    private record WorkSample(long atNanos, double shareDifficulty) {
    }

    public ChainStatus status() {
        return status;
    }

    @Override
    public void start(Consumer<BlockTemplate> templates) {
        long refresh = settings.refreshInterval().toNanos();
        thread.execute(() -> {
            listener = templates;
            log.info("Embedded chain at height {} difficulty {} (block interval {}, {} transactions per template)",
                    height, String.format("%.6g", Difficulty.fromBits(bits)), settings.blockInterval(),
                    settings.templateTxs());
            issue(true);
        });
        thread.scheduleAtFixedRate(this::refresh, refresh, refresh, TimeUnit.NANOSECONDS);
    }

    @Override
    public void workObserved(double shareDifficulty) {
        unseenWork.add(shareDifficulty);
    }

    @Override
    public CompletionStage<BlockResult> submitBlock(SolvedBlock block, String finder) {
        CompletableFuture<BlockResult> result = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                result.complete(accept(block));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void refresh() {
        try {
            collectWork();
            retarget();
            issue(false);
        } catch (RuntimeException e) {
            log.error("Embedded chain refresh failed", e);
        }
    }

    /** The block this chain accepted at that height, in this run or, from its store, an earlier one. */
    @Override
    public java.util.concurrent.CompletionStage<java.util.Optional<String>> blockHash(long height) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> blocksFound.stream().filter(b -> b.height() == height)
                .map(BlockResult::blockHash).findFirst().or(() -> store.hashAt(height)), thread);
    }

    private BlockResult accept(SolvedBlock block) {
        byte[] header = block.header();
        String hash = block.hashHex();
        String reason = check(block);
        if (reason != null) {
            log.warn("Embedded chain rejected block {}: {}", hash, reason);
            return new BlockResult(hash, block.template().height(), false, reason);
        }
        BlockResult accepted = new BlockResult(hash, height, true, null);
        try {
            store.accepted(new ChainStore.StoredBlock(height, hash, BlockHeader.readLe(header, 72)));
        } catch (RuntimeException e) {
            // The block is valid and its finder is credited either way; only a restart would forget it.
            log.warn("Embedded chain could not store block {} at height {}: {}", hash, height, e.getMessage());
        }
        blocksFound.add(accepted);
        tip = Sha256d.hash(header);
        height++;
        collectWork();
        retarget();
        prepareBlock();
        log.info("Embedded chain accepted block {} at height {}; next difficulty {}", hash, accepted.height(),
                String.format("%.6g", Difficulty.fromBits(bits)));
        issue(true);
        return accepted;
    }

    /** The reason the block is invalid, in bitcoind's words, or null. */
    private String check(SolvedBlock block) {
        byte[] header = block.header();
        byte[] hash = Sha256d.hash(header);
        if (blocksFound.stream().anyMatch(b -> b.blockHash().equals(BlockHeader.displayHex(hash)))) {
            return "duplicate";
        }
        if (!Arrays.equals(header, 4, 36, tip, 0, 32) || block.template().height() != height) {
            return "bad-prevblk";
        }
        int headerBits = BlockHeader.readLe(header, 72);
        if (!bitsIssuedAtHeight.contains(headerBits)) {
            return "bad-diffbits";
        }
        if (!Target.of(Difficulty.targetFromBits(headerBits)).isMetBy(hash)) {
            return "high-hash";
        }
        List<byte[]> txids = new ArrayList<>(block.template().transactions().size() + 1);
        txids.add(Sha256d.hash(block.coinbase()));
        for (TemplateTransaction tx : block.template().transactions()) {
            txids.add(tx.txid());
        }
        if (!Arrays.equals(header, 36, 68, MerkleTree.root(txids), 0, 32)) {
            return "bad-txnmrklroot";
        }
        return checkCoinbase(block);
    }

    private String checkCoinbase(SolvedBlock block) {
        Transaction coinbase;
        try {
            coinbase = Transaction.read(ByteBuffer.wrap(block.coinbase()));
        } catch (RuntimeException e) {
            return "bad-cb-missing";
        }
        if (!coinbase.isCoinBase()) {
            return "bad-cb-missing";
        }
        if (Scripts.parseHeight(coinbase.getInput(0).getScriptBytes()) != height) {
            return "bad-cb-height";
        }
        long paid = 0;
        boolean committed = block.template().witnessCommitment() == null;
        for (TransactionOutput out : coinbase.getOutputs()) {
            paid += out.getValue().value;
            committed |= Arrays.equals(out.getScriptBytes(), block.template().witnessCommitment());
        }
        if (paid > block.template().coinbaseValue()) {
            return "bad-cb-amount";
        }
        return committed ? null : "bad-witness-merkle-match";
    }

    private void prepareBlock() {
        bitsIssuedAtHeight.clear();
        transactions = SyntheticTransactions.generate(height, settings.templateTxs());
        witnessCommitment = witnessCommitment(transactions);
        status = new ChainStatus(height, BlockHeader.displayHex(tip), Difficulty.fromBits(bits), blocksFound.size());
    }

    private void issue(boolean newBlock) {
        bitsIssuedAtHeight.add(bits);
        long fees = 0;
        for (TemplateTransaction tx : transactions) {
            fees += tx.fee();
        }
        long subsidy = height / SUBSIDY_HALVING_INTERVAL >= 64 ? 0 : INITIAL_SUBSIDY_SATS >> (height / SUBSIDY_HALVING_INTERVAL);
        int now = (int) (System.currentTimeMillis() / 1000);
        listener.accept(new BlockTemplate(height, tip.clone(), BLOCK_VERSION, bits, now, subsidy + fees, transactions,
                witnessCommitment, newBlock));
    }

    private void collectWork() {
        long now = System.nanoTime();
        workWindow.addLast(new WorkSample(now, unseenWork.sumThenReset()));
        while (now - workWindow.peekFirst().atNanos() > WORK_WINDOW_NANOS) {
            workWindow.removeFirst();
        }
    }

    /**
     * Sets the difficulty at which the observed work finds a block once per interval: expected hashes
     * per block are difficulty * 2^32, so difficulty = (share difficulty per second) * interval.
     */
    private void retarget() {
        double work = 0;
        for (WorkSample w : workWindow) {
            work += w.shareDifficulty();
        }
        long spanNanos = Math.min(System.nanoTime() - startedNanos, WORK_WINDOW_NANOS);
        if (work <= 0 || spanNanos < settings.refreshInterval().toNanos()) {
            return;
        }
        double perSecond = work / (spanNanos / 1e9);
        double current = Difficulty.fromBits(bits);
        double wanted = perSecond * settings.blockInterval().toNanos() / 1e9;
        wanted = Math.max(settings.minDifficulty(), Math.min(current * MAX_RETARGET_STEP, Math.max(current / MAX_RETARGET_STEP, wanted)));
        if (Math.abs(wanted / current - 1) < RETARGET_DEADBAND) {
            return;
        }
        bits = Difficulty.bitsFromTarget(Difficulty.target(wanted).value());
        status = new ChainStatus(height, BlockHeader.displayHex(tip), Difficulty.fromBits(bits), blocksFound.size());
        log.info("Embedded chain retargeted to difficulty {}: one block per {} at the work seen",
                String.format("%.6g", Difficulty.fromBits(bits)), settings.blockInterval());
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /** BIP 141: OP_RETURN aa21a9ed SHA256d(witness merkle root || witness reserved value). */
    private static byte[] witnessCommitment(List<TemplateTransaction> txs) {
        List<byte[]> wtxids = new ArrayList<>(txs.size() + 1);
        wtxids.add(new byte[32]);
        for (TemplateTransaction tx : txs) {
            wtxids.add(tx.wtxid());
        }
        byte[] commitment = Sha256d.hashPair(MerkleTree.root(wtxids), new byte[32]);
        return new ByteWriter(38).bytes(WITNESS_COMMITMENT_HEADER).bytes(commitment).toByteArray();
    }
}
