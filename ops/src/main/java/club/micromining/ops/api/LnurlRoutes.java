package club.micromining.ops.api;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.lnurl.LnurlPayService;
import club.micromining.pool.donation.DonationService;
import club.micromining.pool.facade.Pool;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The club's Lightning Address for donations (LUD-06, LUD-16): {@code GET /.well-known/lnurlp/{name}}
 * and its callback, which has the pool issue a donation invoice committing to the metadata. What is paid
 * to it goes to the project fund (the facade books it).
 */
public final class LnurlRoutes extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(LnurlRoutes.class);
    private static final String DESCRIPTION = "Donation to the MicroMining Social Pool's community projects";

    private final Pool pool;
    private final String name;
    private final java.util.function.Supplier<String> publicUrl;
    private final ConcurrentHashMap<String, String> metadataByBase = new ConcurrentHashMap<>();

    /**
     * @param publicUrl where the API is reached from outside (its callback must be reachable): POOL_PUBLIC_URL,
     *                  never the request's Host header; null while the node is starting
     */
    public LnurlRoutes(Pool pool, String name, java.util.function.Supplier<String> publicUrl) {
        this.pool = pool;
        this.name = name;
        this.publicUrl = publicUrl;
    }

    public Route routes() {
        return extractRequestContext(unused -> {
            String base = publicUrl.get();
            if (base == null) {
                return error("the node is starting; try again in a moment");
            }
            return concat(
                    path(PathMatchers.segment(".well-known").slash("lnurlp").slash(PathMatchers.segment()),
                            n -> get(() -> n.equals(name) ? payRequest(base) : error("unknown Lightning Address " + n))),
                    path(PathMatchers.segment("lnurlp").slash(PathMatchers.segment()).slash("callback"),
                            n -> get(() -> parameterOptional("amount", amount -> n.equals(name)
                                    ? callback(base, amount) : error("unknown Lightning Address " + n)))));
        });
    }

    /** The metadata of the address at this base URL: what the invoices' description hash commits to. */
    private String metadata(String base) {
        return metadataByBase.computeIfAbsent(base, b -> LnurlPayService.metadata(DESCRIPTION,
                name + "@" + b.replaceFirst("^https?://", "").replaceFirst("/.*$", "")));
    }

    private Route payRequest(String base) {
        DonationService.Settings bounds = pool.donationBounds();
        return complete(StatusCodes.OK, new LnurlPayService.PayRequest(base + "/lnurlp/" + name + "/callback", bounds.minMsat(),
                bounds.maxMsat(), metadata(base)), Json.marshaller());
    }

    private Route callback(String base, Optional<String> amountText) {
        long amount;
        try {
            amount = Long.parseLong(amountText.orElse(""));
        } catch (NumberFormatException e) {
            return error("amount (msat) is required");
        }
        return onComplete(pool.donationInvoice(amount, LnurlPayService.descriptionHash(metadata(base))), issued -> {
            if (issued.isSuccess()) {
                return complete(StatusCodes.OK, new LnurlPayService.InvoiceAnswer(issued.get().bolt11()), Json.marshaller());
            }
            Throwable cause = Failures.unwrap(issued.failed().get());
            if (cause instanceof DonationService.AmountOutOfBounds) {
                return error(cause.getMessage());
            }
            log.warn("A donation invoice could not be issued: {}", cause.toString());
            return error("the club cannot issue an invoice right now; try again later");
        });
    }

    /** LUD-06 errors are HTTP 200 with a status field. */
    private Route error(String reason) {
        return complete(StatusCodes.OK, new LnurlPayService.ErrorAnswer(reason), Json.marshaller());
    }
}
