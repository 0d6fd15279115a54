package club.micromining.lightning.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LNURL-pay through a Lightning Address, against a wallet service on loopback. */
class LnurlPayTest {
    private final SimulatedNode wallet = new SimulatedNode(new SimulatedNetwork(), "bcrt", 0, 1_000_000_000, null);
    private HttpServer server;
    private String domain;
    private volatile long amountOffset;
    private volatile Duration expiry = Duration.ofMinutes(10);
    /** When set, the callback answers with this invoice whatever is asked. */
    private volatile String fixedInvoice;
    private static final String METADATA = "[[\"text/plain\",\"Payouts for alice\"]]";

    @BeforeEach
    void startWalletService() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        domain = "127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/lnurlp/alice", ex -> respond(ex, "{\"tag\":\"payRequest\",\"callback\":\"http://" + domain
                + "/lnurlp/alice/callback\",\"minSendable\":1000,\"maxSendable\":100000000000,\"metadata\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(METADATA) + "}"));
        server.createContext("/.well-known/lnurlp/broken", ex -> respond(ex, "{\"status\":\"ERROR\",\"reason\":\"no such user\"}"));
        server.createContext("/lnurlp/alice/callback", ex -> {
            long amount = Long.parseLong(ex.getRequestURI().getQuery().replaceAll(".*amount=(\\d+).*", "$1"));
            if (fixedInvoice != null) {
                respond(ex, "{\"pr\":\"" + fixedInvoice + "\",\"routes\":[]}");
                return;
            }
            try {
                Invoice i = wallet.createInvoice(amount + amountOffset, null,
                        MessageDigest.getInstance("SHA-256").digest(METADATA.getBytes(StandardCharsets.UTF_8)), expiry)
                        .toCompletableFuture().get(5, TimeUnit.SECONDS);
                respond(ex, "{\"pr\":\"" + i.bolt11() + "\",\"routes\":[]}");
            } catch (Exception e) {
                respond(ex, "{\"status\":\"ERROR\",\"reason\":\"" + e + "\"}");
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws java.io.IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Test
    void resolvesTheAddressAndGetsAnInvoiceOfTheExactAmount() throws Exception {
        LnurlPay lnurl = new LnurlPay(Duration.ofSeconds(5));
        LnurlPay.PayRequest request = lnurl.resolve("alice@" + domain);
        assertThat(request.minSendableMsat()).isEqualTo(1000);
        LnurlPay.CheckedInvoice invoice = lnurl.invoice(request, 123_000);
        assertThat(invoice.decoded().amountMsat()).isEqualTo(123_000);
        assertThat(invoice.decoded().payee()).isEqualTo(wallet.identityKey());
    }

    @Test
    void aWrongAmountIsRefused() throws Exception {
        amountOffset = 1;
        LnurlPay lnurl = new LnurlPay(Duration.ofSeconds(5));
        LnurlPay.PayRequest request = lnurl.resolve("alice@" + domain);
        assertThatThrownBy(() -> lnurl.invoice(request, 123_000)).isInstanceOf(LnurlPay.LnurlException.class)
                .hasMessageContaining("123001").hasMessageContaining("instead of 123000");
    }

    @Test
    void anExpiredInvoiceIsRefused() throws Exception {
        fixedInvoice = wallet.createInvoice(5_000, "stale", null, Duration.ofSeconds(1)).toCompletableFuture()
                .get(5, TimeUnit.SECONDS).bolt11();
        LnurlPay lnurl = new LnurlPay(Duration.ofSeconds(5));
        LnurlPay.PayRequest request = lnurl.resolve("alice@" + domain);
        Thread.sleep(2100);
        assertThatThrownBy(() -> lnurl.invoice(request, 5_000)).hasMessageContaining("expired");
    }

    @Test
    void anAmountOutsideTheRangeIsNotAskedFor() throws Exception {
        LnurlPay lnurl = new LnurlPay(Duration.ofSeconds(5));
        LnurlPay.PayRequest request = lnurl.resolve("alice@" + domain);
        assertThatThrownBy(() -> lnurl.invoice(request, 999)).hasMessageContaining("accepts 1000");
    }

    @Test
    void addressesThatDoNotResolve() {
        LnurlPay lnurl = new LnurlPay(Duration.ofSeconds(2));
        assertThatThrownBy(() -> lnurl.resolve("broken@" + domain)).hasMessageContaining("no such user");
        assertThatThrownBy(() -> lnurl.resolve("nobody@" + domain)).isInstanceOf(LnurlPay.LnurlException.class);
        assertThatThrownBy(() -> lnurl.resolve("alice@127.0.0.1:1")).hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> lnurl.resolve("not an address")).hasMessageContaining("not a Lightning Address");
        assertThat(LnurlPay.isLightningAddress("alice@getalby.com")).isTrue();
        assertThat(LnurlPay.isLightningAddress("alice")).isFalse();
    }
}
