package club.micromining.ops.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.persistence.ledger.LedgerEntry;
import club.micromining.persistence.ledger.LedgerKinds;
import club.micromining.persistence.ledger.LedgerStore;
import club.micromining.web.port.LedgerPort;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** The web app's view of the ledger, on the store; the database is read off the UI thread. */
public final class StoreLedgerPort implements LedgerPort {
    private final LedgerStore store;
    private final Executor blocking;

    public StoreLedgerPort(LedgerStore store, Executor blocking) {
        this.store = store;
        this.blocking = blocking;
    }

    @Override
    public CompletionStage<List<Entry>> entries(long fromSeq, int limit, String account, String kind) {
        return CompletableFuture.supplyAsync(() -> {
            List<Entry> out = new ArrayList<>();
            for (String text : store.entries(fromSeq, limit, account, kind)) {
                JsonNode n = Jcs.parse(text);
                JsonNode a = n.path("payload").path("account");
                out.add(new Entry(n.get("seq").asLong(), n.get("time").asText(), n.get("kind").asText(), a.isTextual() ? a.asText() : null,
                        text));
            }
            return out;
        }, blocking);
    }

    @Override
    public CompletionStage<List<Root>> roots(int limit) {
        return CompletableFuture.supplyAsync(() -> {
            List<Root> out = new ArrayList<>();
            var all = store.roots();
            for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
                var r = all.get(i);
                out.add(new Root(r.index(), LedgerEntry.time(r.periodStart()), LedgerEntry.time(r.periodEnd()), r.firstSeq(), r.lastSeq(),
                        r.root(), r.treeSize(), r.treeRoot()));
            }
            return out;
        }, blocking);
    }

    @Override
    public CompletionStage<Optional<String>> checkpoint() {
        return CompletableFuture.supplyAsync(() -> store.latestRoot().map(r -> r.checkpoint()), blocking);
    }

    @Override
    public CompletionStage<Optional<String>> proof(long seq) {
        return CompletableFuture.supplyAsync(() -> store.inclusionProof(seq).map(JsonNode::toPrettyString), blocking);
    }

    @Override
    public CompletionStage<Optional<Long>> payoutEntry(String account, String paymentHash) {
        return CompletableFuture.supplyAsync(() -> store.payoutEntry(account, paymentHash), blocking);
    }

    @Override
    public String origin() {
        return store.origin();
    }

    @Override
    public String publicKeyHex() {
        return store.key().publicKeyHex();
    }

    @Override
    public List<String> kinds() {
        return LedgerKinds.kinds();
    }
}
