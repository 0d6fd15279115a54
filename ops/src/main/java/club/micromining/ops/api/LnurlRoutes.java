package club.micromining.ops.api;

import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.LightningNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The club's Lightning Address for donations (LUD-06, LUD-16): {@code GET /.well-known/lnurlp/{name}}
 * and its callback, which issues an invoice committing to the metadata. A paid donation is reported to
 * {@code donated} (amount, payment hash), which books it to the project fund.
 */
public final class LnurlRoutes extends AllDirectives {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN_SENDABLE = 1_000;
    private static final long MAX_SENDABLE = 100_000_000_000L;

    private final LightningNode node;
    private final String name;
    private final String publicUrl;
    private final ConcurrentHashMap<String, String> metadataByHost = new ConcurrentHashMap<>();
    private final Set<String> donationHashes = ConcurrentHashMap.newKeySet();

    /**
     * @param publicUrl where the API is reached from outside (its callback must be reachable), or empty to
     *                  use the host each request came to, over http
     */
    public LnurlRoutes(LightningNode node, String name, String publicUrl, BiConsumer<Long, String> donated) {
        this.node = node;
        this.name = name;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        node.watchSettledInvoices(invoice -> {
            String hash = HexFormat.of().formatHex(invoice.paymentHash());
            if (donationHashes.remove(hash)) {
                donated.accept(invoice.amountMsat(), hash);
            }
        });
    }

    public Route routes() {
        return extractHost(requestHost -> extractRequest(request -> {
            String base = publicUrl.isEmpty() ? "http://" + request.getHeader("Host").map(h -> h.value()).orElse(requestHost) : publicUrl;
            return concat(
                    path(PathMatchers.segment(".well-known").slash("lnurlp").slash(PathMatchers.segment()),
                            n -> get(() -> n.equals(name) ? payRequest(base) : error("unknown Lightning Address " + n))),
                    path(PathMatchers.segment("lnurlp").slash(PathMatchers.segment()).slash("callback"),
                            n -> get(() -> parameterOptional("amount", amount -> n.equals(name)
                                    ? callback(base, amount) : error("unknown Lightning Address " + n)))));
        }));
    }

    /** The metadata of the address at this base URL: what the invoices' description hash commits to. */
    private String metadata(String base) {
        return metadataByHost.computeIfAbsent(base, b -> {
            String host = b.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
            try {
                return JSON.writeValueAsString(new String[][] {
                        {"text/plain", "Donation to the MicroMining Social Pool's community projects"},
                        {"text/identifier", name + "@" + host}});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private Route payRequest(String base) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tag", "payRequest");
        body.put("callback", base + "/lnurlp/" + name + "/callback");
        body.put("minSendable", MIN_SENDABLE);
        body.put("maxSendable", MAX_SENDABLE);
        body.put("metadata", metadata(base));
        return complete(StatusCodes.OK, body, Jackson.marshaller());
    }

    private Route callback(String base, Optional<String> amountText) {
        long amount;
        try {
            amount = Long.parseLong(amountText.orElse(""));
        } catch (NumberFormatException e) {
            return error("amount (msat) is required");
        }
        if (amount < MIN_SENDABLE || amount > MAX_SENDABLE) {
            return error("amount must be between " + MIN_SENDABLE + " and " + MAX_SENDABLE + " msat");
        }
        return onSuccess(node.createInvoice(amount, null, sha256(metadata(base).getBytes(StandardCharsets.UTF_8)),
                        Duration.ofMinutes(10)),
                (Invoice invoice) -> {
                    donationHashes.add(HexFormat.of().formatHex(invoice.paymentHash()));
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("pr", invoice.bolt11());
                    body.put("routes", new Object[0]);
                    return complete(StatusCodes.OK, body, Jackson.marshaller());
                });
    }

    /** LUD-06 errors are HTTP 200 with a status field. */
    private Route error(String reason) {
        return complete(StatusCodes.OK, Map.of("status", "ERROR", "reason", reason), Jackson.marshaller());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
