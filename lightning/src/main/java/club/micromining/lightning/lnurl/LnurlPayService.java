package club.micromining.lightning.lnurl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bitcoinj.base.Sha256Hash;

/**
 * The service side of LNURL-pay (LUD-06) behind a Lightning Address (LUD-16): the answers such an address
 * gives, as records its JSON is rendered from. {@link LnurlPay} is the client side.
 */
public final class LnurlPayService {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LnurlPayService() {
    }

    /** The first answer: where to ask for an invoice, the amounts, and the metadata the invoice commits to. */
    public record PayRequest(String tag, String callback, long minSendable, long maxSendable, String metadata) {
        public PayRequest(String callback, long minSendable, long maxSendable, String metadata) {
            this("payRequest", callback, minSendable, maxSendable, metadata);
        }
    }

    /** The callback's answer: the invoice to pay ({@code routes} is always empty, as LUD-06 asks). */
    public record InvoiceAnswer(String pr, List<String> routes) {
        public InvoiceAnswer(String pr) {
            this(pr, List.of());
        }
    }

    /** Success, as LNURL services answer it (LUD-04's login, among others). */
    public record OkAnswer(String status) {
        public OkAnswer() {
            this("OK");
        }
    }

    /** An error, as LUD-06 sends it: HTTP 200 with a status. */
    public record ErrorAnswer(String status, String reason) {
        public ErrorAnswer(String reason) {
            this("ERROR", reason);
        }
    }

    /** The metadata of an address: a description and the address itself (LUD-16's {@code text/identifier}). */
    public static String metadata(String description, String address) {
        try {
            return JSON.writeValueAsString(List.of(List.of("text/plain", description), List.of("text/identifier", address)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What an invoice for this metadata commits to in its description hash. */
    public static byte[] descriptionHash(String metadata) {
        return Sha256Hash.hash(metadata.getBytes(StandardCharsets.UTF_8));
    }
}
