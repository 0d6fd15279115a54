package club.micromining.pool.payout;

import club.micromining.lightning.lnurl.LnurlPay;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bitcoinj.crypto.ECKey;

/**
 * Where a member's payouts may go, checked before it is stored: a Lightning Address must resolve (its
 * LNURL-pay service answers), a node public key must be a valid point for keysend.
 */
public final class PayoutDestination {
    private static final Pattern NODE_KEY = Pattern.compile("0[23][0-9a-fA-F]{64}");

    private PayoutDestination() {
    }

    /**
     * Why {@code destination} cannot be paid, or empty when it can. Blocking: a Lightning Address is
     * resolved over HTTP.
     */
    public static Optional<String> problem(String destination, LnurlPay lnurl) {
        if (NODE_KEY.matcher(destination).matches()) {
            try {
                // bitcoinj decodes a key lazily: decode it here, so a point off the curve is refused now.
                if (ECKey.fromPublicOnly(HexFormat.of().parseHex(destination)).getPubKeyPoint().isValid()) {
                    return Optional.empty();
                }
            } catch (IllegalArgumentException e) {
                // refused below
            }
            return Optional.of("'" + destination + "' is not a valid node public key");
        }
        if (!LnurlPay.isLightningAddress(destination)) {
            return Optional.of("destination must be a Lightning Address (name@domain) or a node public key (66 hex digits)");
        }
        try {
            lnurl.resolve(destination);
            return Optional.empty();
        } catch (LnurlPay.LnurlException e) {
            return Optional.of("the Lightning Address does not work: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while resolving the Lightning Address");
        }
    }
}
