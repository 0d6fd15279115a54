package club.micromining.web.view;

import club.micromining.web.port.LedgerPort;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A ledger of three entries and one root, for the view tests. */
final class SeededLedger implements LedgerPort {
    static final String KEY = "ab".repeat(32);
    private static final List<Entry> ENTRIES = List.of(
            new Entry(0, "2026-12-01T10:00:00.000Z", "credit", "alice",
                    "{\"kind\":\"credit\",\"payload\":{\"account\":\"alice\",\"msat\":9000},\"prev\":\"" + "0".repeat(64) + "\",\"seq\":0}"),
            new Entry(1, "2026-12-01T10:00:01.000Z", "payout-requested", "alice", "{\"kind\":\"payout-requested\",\"paymentHash\":\"aa\"}"),
            new Entry(2, "2026-12-01T10:00:02.000Z", "block", "bob", "{\"kind\":\"block\"}"));

    @Override
    public CompletionStage<List<Entry>> entries(long fromSeq, int limit, String account, String kind) {
        return CompletableFuture.completedFuture(ENTRIES.stream().filter(e -> e.seq() >= fromSeq)
                .filter(e -> account == null || account.equals(e.account())).filter(e -> kind == null || kind.equals(e.kind()))
                .limit(limit).toList());
    }

    @Override
    public CompletionStage<List<Root>> roots(int limit) {
        return CompletableFuture.completedFuture(List.of(new Root(0, "2026-12-01T10:00:00.000Z", "2026-12-01T11:00:00.000Z", 0, 2,
                "11".repeat(32), 3, "22".repeat(32))));
    }

    @Override
    public CompletionStage<Optional<String>> checkpoint() {
        return CompletableFuture.completedFuture(Optional.of("test.example/ledger\n3\nIiIi\n\n\u2014 test.example/ledger AAAA\n"));
    }

    @Override
    public CompletionStage<Optional<String>> proof(long seq) {
        return CompletableFuture.completedFuture(seq < 3 ? Optional.of("{\"seq\":" + seq + ",\"treeSize\":3,\"proof\":[]}") : Optional.empty());
    }

    @Override
    public CompletionStage<Optional<Long>> payoutEntry(String account, String paymentHash) {
        return CompletableFuture.completedFuture("alice".equals(account) && "aa".equals(paymentHash) ? Optional.of(1L) : Optional.empty());
    }

    @Override
    public String origin() {
        return "test.example/ledger";
    }

    @Override
    public String publicKeyHex() {
        return KEY;
    }

    @Override
    public List<String> kinds() {
        return List.of("credit", "payout-requested", "block");
    }
}
