package club.micromining.lightning.lnurl;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.bitcoinj.base.Sha256Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LNURL-pay (LUD-06) through a Lightning Address (LUD-16): {@code name@domain} is resolved at
 * {@code https://domain/.well-known/lnurlp/name}, the callback is asked for an invoice of the exact
 * amount, and the invoice is checked before anyone pays it: the amount must match and it must not have
 * expired. A description hash that does not match the metadata is only logged (LUD-06 dropped that
 * check and common wallets no longer enforce it). Plain http is used only for loopback hosts.
 */
public final class LnurlPay {
    private static final Logger log = LoggerFactory.getLogger(LnurlPay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ADDRESS = Pattern.compile("([a-z0-9-_.+]+)@([a-z0-9.-]+(:[0-9]{1,5})?)");

    private final HttpClient http;
    private final Duration timeout;

    /** Why a Lightning Address could not be paid through, in words for the member. */
    public static final class LnurlException extends Exception {
        public LnurlException(String message) {
            super(message, null, false, false);
        }
    }

    /** An invoice as the payee's service sent it, and what it says. */
    public record CheckedInvoice(String bolt11, Bolt11Invoice decoded) {
    }

    /** What a Lightning Address accepts. */
    public record PayRequest(String address, URI callback, long minSendableMsat, long maxSendableMsat, String metadata) {
    }

    public LnurlPay(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Checks the form of a Lightning Address without asking its domain. */
    public static boolean isLightningAddress(String s) {
        return ADDRESS.matcher(s.trim().toLowerCase(java.util.Locale.ROOT)).matches();
    }

    /** Resolves a Lightning Address to its pay request (LUD-16). */
    public PayRequest resolve(String lightningAddress) throws LnurlException, InterruptedException {
        String a = lightningAddress.trim().toLowerCase(java.util.Locale.ROOT);
        var m = ADDRESS.matcher(a);
        if (!m.matches()) {
            throw new LnurlException("'" + lightningAddress + "' is not a Lightning Address (name@domain)");
        }
        URI uri = URI.create(scheme(m.group(2)) + "://" + m.group(2) + "/.well-known/lnurlp/" + m.group(1));
        JsonNode body = get(uri);
        if (!"payRequest".equals(body.path("tag").asText())) {
            throw new LnurlException(lightningAddress + " does not answer with an LNURL pay request");
        }
        URI callback;
        try {
            callback = URI.create(body.path("callback").asText());
        } catch (IllegalArgumentException e) {
            throw new LnurlException(lightningAddress + " gave an invalid callback");
        }
        if (!"https".equals(callback.getScheme()) && !("http".equals(callback.getScheme()) && loopback(callback.getHost()))) {
            throw new LnurlException(lightningAddress + " gave a callback that is not https");
        }
        long min = body.path("minSendable").asLong(-1);
        long max = body.path("maxSendable").asLong(-1);
        if (min < 1 || max < min) {
            throw new LnurlException(lightningAddress + " gave no valid sendable range");
        }
        return new PayRequest(a, callback, min, max, body.path("metadata").asText(""));
    }

    /**
     * Asks for an invoice of exactly {@code amountMsat} and checks it: a wrong amount or an expired invoice
     * is refused, never paid.
     */
    public CheckedInvoice invoice(PayRequest request, long amountMsat) throws LnurlException, InterruptedException {
        if (amountMsat < request.minSendableMsat() || amountMsat > request.maxSendableMsat()) {
            throw new LnurlException(request.address() + " accepts " + request.minSendableMsat() + " to "
                    + request.maxSendableMsat() + " msat, not " + amountMsat);
        }
        String separator = request.callback().getQuery() == null ? "?" : "&";
        JsonNode body = get(URI.create(request.callback() + separator + "amount=" + amountMsat));
        String pr = body.path("pr").asText(null);
        if (pr == null) {
            throw new LnurlException(request.address() + " gave no invoice" + reason(body));
        }
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11Invoice.decode(pr);
        } catch (Bolt11Invoice.InvalidInvoice e) {
            throw new LnurlException(request.address() + " gave an invalid invoice: " + e.getMessage());
        }
        if (invoice.amountMsat() == null || invoice.amountMsat() != amountMsat) {
            throw new LnurlException(request.address() + " gave an invoice for " + invoice.amountMsat() + " msat instead of "
                    + amountMsat);
        }
        if (invoice.expiredAt(System.currentTimeMillis() / 1000)) {
            throw new LnurlException(request.address() + " gave an expired invoice");
        }
        if (invoice.descriptionHash() == null
                || !Arrays.equals(invoice.descriptionHash(), Sha256Hash.hash(request.metadata().getBytes(StandardCharsets.UTF_8)))) {
            log.debug("Invoice from {} does not commit to its LNURL metadata (not required since LUD-06 changed)",
                    request.address());
        }
        return new CheckedInvoice(pr, invoice);
    }

    private JsonNode get(URI uri) throws LnurlException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LnurlException(uri.getHost() + " cannot be reached: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new LnurlException(uri.getHost() + " answered HTTP " + response.statusCode() + " without JSON");
        }
        if ("ERROR".equalsIgnoreCase(body.path("status").asText())) {
            throw new LnurlException(uri.getHost() + " refused" + reason(body));
        }
        if (response.statusCode() != 200) {
            throw new LnurlException(uri.getHost() + " answered HTTP " + response.statusCode());
        }
        return body;
    }

    private static String reason(JsonNode body) {
        String r = body.path("reason").asText("");
        return r.isEmpty() ? "" : ": " + r;
    }

    private static String scheme(String hostAndPort) {
        String host = hostAndPort.contains(":") ? hostAndPort.substring(0, hostAndPort.indexOf(':')) : hostAndPort;
        return loopback(host) ? "http" : "https";
    }

    private static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return (host.matches("[0-9.]+") || host.contains(":")) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
