package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A period's root: the Merkle tree hash of its entries {@code firstSeq..lastSeq}, and the tree head over
 * every entry from 0 ({@code treeSize}, {@code treeRoot}) with its signed checkpoint. Times in epoch milliseconds.
 */
public record LedgerRoot(long index, long periodStart, long periodEnd, long firstSeq, long lastSeq, String root, long treeSize,
                         String treeRoot, String checkpoint) {

    public long size() {
        return lastSeq - firstSeq + 1;
    }

    /** As the API and the export write it: times as UTC ISO-8601. */
    public ObjectNode json() {
        ObjectNode o = Jcs.JSON.createObjectNode();
        o.put("index", index).put("periodStart", LedgerEntry.time(periodStart)).put("periodEnd", LedgerEntry.time(periodEnd))
                .put("firstSeq", firstSeq).put("lastSeq", lastSeq).put("size", size()).put("root", root)
                .put("treeSize", treeSize).put("treeRoot", treeRoot).put("checkpoint", checkpoint);
        return o;
    }

    public static LedgerRoot of(JsonNode n) {
        for (String k : new String[] {"index", "periodStart", "periodEnd", "firstSeq", "lastSeq", "size", "root", "treeSize", "treeRoot",
                "checkpoint"}) {
            if (!n.has(k)) {
                throw new IllegalArgumentException("a root record has " + k);
            }
        }
        LedgerRoot r = new LedgerRoot(n.get("index").asLong(), java.time.Instant.parse(n.get("periodStart").asText()).toEpochMilli(),
                java.time.Instant.parse(n.get("periodEnd").asText()).toEpochMilli(), n.get("firstSeq").asLong(), n.get("lastSeq").asLong(),
                n.get("root").asText(), n.get("treeSize").asLong(), n.get("treeRoot").asText(), n.get("checkpoint").asText());
        if (n.get("size").asLong() != r.size()) {
            throw new IllegalArgumentException("root " + r.index() + ": size is not lastSeq - firstSeq + 1");
        }
        return r;
    }
}
