package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.BlockHeader;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads bitcoind's {@code getblocktemplate} result. */
final class TemplateParser {
    private static final HexFormat HEX = HexFormat.of();

    private TemplateParser() {
    }

    static BlockTemplate parse(JsonNode t, boolean newBlock) {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (JsonNode tx : required(t, "transactions")) {
            byte[] txid = BlockHeader.fromDisplayHex(required(tx, "txid").asText());
            JsonNode hash = tx.path("hash");
            txs.add(new TemplateTransaction(HEX.parseHex(required(tx, "data").asText()), txid,
                    hash.isTextual() ? BlockHeader.fromDisplayHex(hash.asText()) : txid, tx.path("fee").asLong()));
        }
        JsonNode commitment = t.path("default_witness_commitment");
        return new BlockTemplate(
                required(t, "height").asLong(),
                BlockHeader.fromDisplayHex(required(t, "previousblockhash").asText()),
                required(t, "version").asInt(),
                (int) Long.parseLong(required(t, "bits").asText(), 16),
                required(t, "curtime").asInt(),
                required(t, "coinbasevalue").asLong(),
                txs,
                commitment.isTextual() ? HEX.parseHex(commitment.asText()) : null,
                newBlock);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("getblocktemplate result has no " + field);
        }
        return v;
    }
}
