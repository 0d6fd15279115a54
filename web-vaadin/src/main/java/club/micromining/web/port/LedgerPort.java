package club.micromining.web.port;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What the ledger explorer reads: entries, roots, the signed head and proofs. Every stage completes off the UI thread. */
public interface LedgerPort {

    /** An entry as it is hashed: its canonical JSON, with the fields the explorer shows. */
    record Entry(long seq, String time, String kind, String account, String canonical) {
    }

    record Root(long index, String periodStart, String periodEnd, long firstSeq, long lastSeq, String root, long treeSize,
                String treeRoot) {
    }

    /** Entries from {@code fromSeq} in order, at most {@code limit}; account and kind filter when not null. */
    CompletionStage<List<Entry>> entries(long fromSeq, int limit, String account, String kind);

    /** The latest roots, newest first. */
    CompletionStage<List<Root>> roots(int limit);

    /** The latest signed tree head, in the C2SP checkpoint format. */
    CompletionStage<Optional<String>> checkpoint();

    /** The inclusion proof of an entry in the latest signed tree head, as {@code /api/ledger/proof} gives it. */
    CompletionStage<Optional<String>> proof(long seq);

    /** The latest ledger entry of this payout (settled, failed or requested). */
    CompletionStage<Optional<Long>> payoutEntry(String account, String paymentHash);

    String origin();

    String publicKeyHex();

    /** The kinds of entry there are, for the filter. */
    List<String> kinds();
}
