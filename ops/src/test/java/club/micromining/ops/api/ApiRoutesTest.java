package club.micromining.ops.api;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.lnurl.LnurlPayService;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import club.micromining.pool.Guardian;
import club.micromining.pool.PoolSettings;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.donation.DonationEntity;
import club.micromining.pool.facade.Pool;
import club.micromining.pool.facade.ReadSide;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.alerts.AlertDelivery;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.MonthView;
import club.micromining.pool.view.DeviceView;
import club.micromining.pool.view.FundsView;
import club.micromining.pool.view.HashrateView;
import club.micromining.pool.view.NetworkView;
import club.micromining.pool.view.PayoutView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.SharesView;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Host;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The route trees of the JSON API without a socket, on a real pool facade (its Guardian, entities on the
 * in-memory journal, the simulated Lightning node) over a read side this test fills in.
 */
class ApiRoutesTest extends RouteTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant SHARE_AT = Instant.parse("2026-12-01T10:15:30.123Z");
    private static ActorTestKit kit;
    private static final StubReadSide readSide = new StubReadSide();
    private static Pool pool;

    /** Answers what the test put in it; fails every query while {@code failing}. */
    static final class StubReadSide implements ReadSide {
        volatile boolean failing;

        @Override
        public void start(org.apache.pekko.actor.typed.ActorSystem<?> system, Executor blocking, PaymentScheme scheme,
                          Duration askTimeout, Supplier<OptionalDouble> networkDifficulty, AlertDelivery alerts,
                          club.micromining.pool.raffle.Raffle.Settings raffle, club.micromining.pool.raffle.ChainClock chain,
                          club.micromining.pool.projects.Voting voting, java.util.function.LongUnaryOperator feeBudget,
                          club.micromining.pool.shares.ShareWriteLag shareLag) {
        }

        /** Each account's work in the current round, in hashes. */
        final Map<String, java.math.BigInteger> hashes = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public List<club.micromining.pool.view.RoundView> rounds(long nowMillis, int limit) {
            check();
            return List.of(new club.micromining.pool.view.RoundView("2026-11", 0, 1, "drawn", "linear", 20_002, 300, "5", "0.000000002", List.of(),
                    new club.micromining.pool.view.RoundView.Commitment(7, "ab".repeat(32), 870_000, 870_006),
                    new club.micromining.pool.view.RoundView.Draw(9, 870_006, "cd".repeat(32), "ef".repeat(32), 0, "alice", 20_002, 100,
                            20_002, "credited")));
        }

        @Override
        public Optional<club.micromining.pool.view.RoundView> round(String id, long nowMillis) {
            check();
            return id.equals("2026-11") ? Optional.of(rounds(nowMillis, 1).get(0)) : Optional.empty();
        }

        @Override
        public java.math.BigInteger roundHashes(String account, String round) {
            return hashes.getOrDefault(account, java.math.BigInteger.ZERO);
        }

        @Override
        public List<club.micromining.pool.view.ProjectView> projects(String round, int limit) {
            check();
            return List.of();
        }

        @Override
        public Optional<club.micromining.pool.view.ProjectView> project(String id) {
            return Optional.empty();
        }

        @Override
        public List<String> fundingDue() {
            return List.of();
        }

        @Override
        public List<AlertSubject> alertSubjects() {
            return List.of();
        }

        @Override
        public AlertSettingsView alertSettings(String account) {
            return AlertSettingsView.OFF;
        }

        @Override
        public List<AlertView> alerts(String account, int limit) {
            return List.of();
        }

        @Override
        public Optional<String> watchedAccount(String tokenHash) {
            return Optional.empty();
        }

        @Override
        public WorkWindow workWindow() {
            return (block, difficulty) -> CompletableFuture.completedFuture(Optional.empty());
        }

        private void check() {
            if (failing) {
                throw new Unavailable("the database is away", null);
            }
        }

        @Override
        public PoolView pool(long nowMillis) {
            check();
            return new PoolView(2, new HashrateView(1.5e9, 2e9, 3e9), new SharesView(10, 10.5, 3,
                    Map.of("LOW_DIFFICULTY", 2L, "DUPLICATE", 1L)), 1,
                    new FundsView(Map.of(Split.Fund.PROJECT_FUND, 300L, Split.Fund.RESERVE, 7L)), NetworkView.UNKNOWN);
        }

        @Override
        public Optional<AccountView> account(String account, long nowMillis) {
            check();
            if (!account.equals("alice")) {
                return Optional.empty();
            }
            return Optional.of(new AccountView("alice", List.of(
                    new DeviceView("bitaxe", true, new HashrateView(1e9, 1e9, 1e9), 10, 10.5, 99.5, SHARE_AT),
                    new DeviceView("spare", false, HashrateView.NONE, 0, 0, 0, null)),
                    5_000, 9_000, 0, 4_000, 0, "alice@wallet.example", true, List.of(new PayoutView("aa".repeat(32), "alice@wallet.example",
                    4_000, null, "IN_FLIGHT", null, null, SHARE_AT, null))));
        }

        @Override
        public List<String> accountsOf(String linkingKey) {
            check();
            return List.of();
        }

        @Override
        public HistoryView poolHistory(long nowMillis, int periods) {
            return HistoryView.EMPTY;
        }

        @Override
        public Map<String, HistoryView> accountHistory(String account, long nowMillis, int periods) {
            return Map.of();
        }

        @Override
        public HighScoresView highScores(long nowMillis, int limit) {
            return new HighScoresView("2026-12", List.of(), List.of(), List.of(), List.of());
        }

        @Override
        public MonthView month(long nowMillis) {
            return new MonthView("2026-12", 0, 0, 0);
        }

        @Override
        public List<DayCreditView> accountDays(String account, long nowMillis, int days) {
            return List.of();
        }

        @Override
        public List<BlockView> blocks(int limit) {
            check();
            return List.of(
                    new BlockView("00ab", 101, "bob.nerdaxe", true, null, SHARE_AT, new BlockView.Reward("PPLNS", 8_000, "2x = 4", "4",
                            3, SHARE_AT, List.of(new BlockView.Credit("bob", 7_997, 7_357)))),
                    new BlockView("00aa", 100, "bob.nerdaxe", false, "high-hash", SHARE_AT, null));
        }

        @Override
        public List<String> payoutCandidates(long minimumMsat) {
            return List.of();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config().withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                """)).withFallback(ConfigFactory.load()));
        SimulatedNode lightning = new SimulatedNode(new SimulatedNetwork(), "bcrt", 1_000_000_000, 1_000_000_000, null);
        PoolSettings settings = PoolSettings.fromConfig(kit.system().settings().config());
        club.micromining.pool.SingleNodeCluster.join(kit.system());
        ActorRef<Guardian.Command> guardian = kit.spawn(Guardian.create(new Guardian.Parts(settings, 0, readSide, lightning,
                new LnurlPay(Duration.ofSeconds(2)), false)));
        pool = AskPattern.ask(guardian, Guardian.GetPool::new, Duration.ofSeconds(10), kit.system().scheduler())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @Override
    protected ActorSystem classicSystem() {
        return Adapter.toClassic(kit.system());
    }

    private TestRouteResult run(Route route, HttpRequest request) {
        return testRoute(route).run(request);
    }

    private static JsonNode json(TestRouteResult r) throws Exception {
        return JSON.readTree(r.entityString());
    }

    @Test
    void thePoolIsItsViewRenderedByJackson() throws Exception {
        TestRouteResult r = run(new PoolApiRoutes(pool).routes(), HttpRequest.GET("/api/pool"))
                .assertStatusCode(200).assertContentType(ContentTypes.APPLICATION_JSON);
        JsonNode p = json(r);
        assertThat(p.path("devicesOnline").asLong()).isEqualTo(2);
        assertThat(p.path("hashrate").path("1m").asDouble()).isEqualTo(1.5e9);
        assertThat(p.path("hashrate").path("1h").asDouble()).isEqualTo(3e9);
        assertThat(p.path("shares").path("accepted").asLong()).isEqualTo(10);
        assertThat(p.path("shares").path("acceptedDifficulty").asDouble()).isEqualTo(10.5);
        assertThat(p.path("shares").path("rejectedByReason").path("LOW_DIFFICULTY").asLong()).isEqualTo(2);
        assertThat(p.path("blocksFound").asLong()).isEqualTo(1);
        assertThat(p.path("fundsMsat").toString()).isEqualTo("{\"project-fund\":300,\"raffle-pot\":0,\"reserve\":7,\"pool-fee\":0}");
        // No edge in this test: the chain is not known yet.
        assertThat(p.path("network").path("height").isNull()).isTrue();
        assertThat(p.path("network").has("difficulty")).isTrue();
    }

    @Test
    void anAccountWithItsDevicesAndPayouts() throws Exception {
        JsonNode a = json(run(new PoolApiRoutes(pool).routes(), HttpRequest.GET("/api/accounts/alice")).assertStatusCode(200));
        assertThat(a.path("account").asText()).isEqualTo("alice");
        assertThat(a.path("devices").get(0).path("worker").asText()).isEqualTo("bitaxe");
        assertThat(a.path("devices").get(0).path("lastShareAt").asText()).isEqualTo("2026-12-01T10:15:30.123Z");
        assertThat(a.path("devices").get(0).path("hashrate").path("10m").asDouble()).isEqualTo(1e9);
        assertThat(a.path("devices").get(1).path("lastShareAt").isNull()).isTrue();
        assertThat(a.path("balanceMsat").asLong()).isEqualTo(5_000);
        assertThat(a.path("payoutDestination").asText()).isEqualTo("alice@wallet.example");
        JsonNode payout = a.path("payouts").get(0);
        assertThat(payout.path("status").asText()).isEqualTo("IN_FLIGHT");
        assertThat(payout.path("feeMsat").isNull()).isTrue();
        assertThat(payout.path("finishedAt").isNull()).isTrue();
        assertThat(payout.path("requestedAt").asText()).isEqualTo("2026-12-01T10:15:30.123Z");
    }

    @Test
    void anUnknownAccountIs404AndABadNameIs400() throws Exception {
        Route routes = new PoolApiRoutes(pool).routes();
        TestRouteResult unknown = run(routes, HttpRequest.GET("/api/accounts/nobody")).assertStatusCode(404)
                .assertContentType(ContentTypes.APPLICATION_JSON);
        assertThat(json(unknown).path("error").asText()).isEqualTo("unknown account 'nobody'");
        assertThat(json(run(routes, HttpRequest.GET("/api/accounts/no.body")).assertStatusCode(400)).path("error").asText())
                .contains("no '.'");
        assertThat(json(run(routes, HttpRequest.GET("/api/accounts/bad!name")).assertStatusCode(400)).path("error").asText())
                .contains("invalid account");
        run(routes, HttpRequest.GET("/api/nothing-here")).assertStatusCode(404);
        run(routes, HttpRequest.POST("/api/pool")).assertStatusCode(405);
    }

    @Test
    void blocksWithTheirDivisionWhenThereIsOne() throws Exception {
        JsonNode blocks = json(run(new PoolApiRoutes(pool).routes(), HttpRequest.GET("/api/blocks")).assertStatusCode(200))
                .path("blocks");
        assertThat(blocks.size()).isEqualTo(2);
        JsonNode divided = blocks.get(0);
        assertThat(divided.path("foundAt").asText()).isEqualTo("2026-12-01T10:15:30.123Z");
        assertThat(divided.path("reward").path("toReserveMsat").asLong()).isEqualTo(3);
        assertThat(divided.path("reward").path("credits").get(0).path("memberMsat").asLong()).isEqualTo(7_357);
        assertThat(blocks.get(1).has("reward")).isFalse();
        assertThat(blocks.get(1).path("reason").asText()).isEqualTo("high-hash");
    }

    @Test
    void aReadSideThatCannotAnswerIs503() throws Exception {
        readSide.failing = true;
        try {
            TestRouteResult r = run(new PoolApiRoutes(pool).routes(), HttpRequest.GET("/api/pool")).assertStatusCode(503);
            assertThat(json(r).path("error").asText()).contains("not available");
        } finally {
            readSide.failing = false;
        }
    }

    private static HttpRequest payout(String account, String token, String body) {
        HttpRequest r = HttpRequest.POST("/api/accounts/" + account + "/payout")
                .withEntity(ContentTypes.APPLICATION_JSON, body);
        return token == null ? r : r.addHeader(RawHeader.create("Authorization", "Bearer " + token));
    }

    @Test
    void onlyTheOperatorSetsPayoutsAndTheDestinationIsCheckedFirst() throws Exception {
        Route routes = new MemberRoutes(pool, "operator-secret").routes();
        String key = HexFormat.of().formatHex(new ECKey().getPubKey());
        String good = "{\"destination\":\"" + key + "\",\"thresholdMsat\":50000}";
        run(routes, payout("dora", null, good)).assertStatusCode(401);
        run(routes, payout("dora", "wrong", good)).assertStatusCode(401);
        assertThat(json(run(new MemberRoutes(pool, "").routes(), payout("dora", "anything", good)).assertStatusCode(403))
                .path("error").asText()).contains("POOL_ADMIN_TOKEN");

        assertThat(json(run(routes, payout("dora", "operator-secret", "{\"destination\":\"nonsense\"}")).assertStatusCode(400))
                .path("error").asText()).contains("Lightning Address");
        assertThat(json(run(routes, payout("dora", "operator-secret", "{\"destination\":\"03" + "ff".repeat(32) + "\"}"))
                .assertStatusCode(400)).path("error").asText()).contains("not a valid node public key");
        assertThat(json(run(routes, payout("dora", "operator-secret", "{\"destination\":\"" + key + "\",\"thresholdMsat\":999}"))
                .assertStatusCode(400)).path("error").asText()).contains("at least 1000");
        run(routes, payout("dora", "operator-secret", "{not json")).assertStatusCode(400);
        run(routes, payout("do.ra", "operator-secret", good)).assertStatusCode(400);

        JsonNode saved = json(run(routes, payout("dora", "operator-secret", good)).assertStatusCode(200));
        assertThat(saved.path("account").asText()).isEqualTo("dora");
        assertThat(saved.path("destination").asText()).isEqualTo(key);
        assertThat(saved.path("thresholdMsat").asLong()).isEqualTo(50_000);
        MemberState dora = ClusterSharding.get(kit.system()).entityRefFor(MemberEntity.TYPE_KEY, "dora")
                .<MemberState>ask(MemberEntity.GetMember::new, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(dora.payout()).isEqualTo(new MemberState.PayoutSettings(key, 50_000));

        run(routes, HttpRequest.POST("/api/accounts/dora/release")).assertStatusCode(401);
        JsonNode released = json(run(routes, HttpRequest.POST("/api/accounts/dora/release")
                .addHeader(RawHeader.create("Authorization", "Bearer operator-secret"))).assertStatusCode(200));
        assertThat(released.path("released").asBoolean()).isTrue();
    }

    @Test
    void theClubsLightningAddressIssuesRecordedDonationInvoices() throws Exception {
        Route routes = new LnurlRoutes(pool, "club", () -> "https://pool.example").routes();
        JsonNode request = json(run(routes, HttpRequest.GET("/.well-known/lnurlp/club").addHeader(Host.create("pool.example")))
                .assertStatusCode(200));
        assertThat(request.path("tag").asText()).isEqualTo("payRequest");
        assertThat(request.path("callback").asText()).isEqualTo("https://pool.example/lnurlp/club/callback");
        // A forged Host header changes nothing: every link is the configured public URL's.
        JsonNode forged = json(run(routes, HttpRequest.GET("/.well-known/lnurlp/club").addHeader(Host.create("evil.example")))
                .assertStatusCode(200));
        assertThat(forged.toString()).doesNotContain("evil.example").isEqualTo(request.toString());
        assertThat(json(run(new LnurlRoutes(pool, "club", () -> null).routes(), HttpRequest.GET("/.well-known/lnurlp/club")))
                .path("reason").asText()).contains("starting");
        assertThat(request.path("minSendable").asLong()).isEqualTo(pool.donationBounds().minMsat());
        String metadata = request.path("metadata").asText();
        assertThat(metadata).isEqualTo(LnurlPayService.metadata("Donation to the MicroMining Social Pool's community projects",
                "club@pool.example"));

        JsonNode answer = json(run(routes, HttpRequest.GET("/lnurlp/club/callback?amount=21000").addHeader(Host.create("evil.example")))
                .assertStatusCode(200));
        Bolt11Invoice invoice = Bolt11Invoice.decode(answer.path("pr").asText());
        assertThat(invoice.amountMsat()).isEqualTo(21_000);
        assertThat(invoice.descriptionHash()).isEqualTo(Sha256Hash.hash(metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(answer.path("routes").isArray()).isTrue();
        DonationEntity.State donations = ClusterSharding.get(kit.system()).entityRefFor(DonationEntity.TYPE_KEY, DonationEntity.ENTITY_ID)
                .<DonationEntity.State>ask(DonationEntity.GetState::new, Duration.ofSeconds(5)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(donations.open()).containsKey(HexFormat.of().formatHex(invoice.paymentHash()));

        JsonNode small = json(run(routes, HttpRequest.GET("/lnurlp/club/callback?amount=10")).assertStatusCode(200));
        assertThat(small.path("status").asText()).isEqualTo("ERROR");
        assertThat(small.path("reason").asText()).contains("between");
        assertThat(json(run(routes, HttpRequest.GET("/lnurlp/club/callback"))).path("reason").asText()).contains("amount");
        assertThat(json(run(routes, HttpRequest.GET("/.well-known/lnurlp/someone"))).path("status").asText()).isEqualTo("ERROR");
    }

    @Test
    void aWalletAnswersALoginChallengeOnceAsLud04Says() throws Exception {
        Route routes = new LoginRoutes(pool).routes();
        var challenge = pool.logins().challenge("http://pool.example/api/lnurl-auth").toCompletableFuture().get(10, TimeUnit.SECONDS);
        ECKey wallet = new ECKey();
        String sig = HexFormat.of().formatHex(wallet.sign(org.bitcoinj.base.Sha256Hash.wrap(challenge.k1())).encodeToDER());
        String query = "/api/lnurl-auth?tag=login&k1=" + challenge.k1() + "&sig=" + sig + "&key=" + wallet.getPublicKeyAsHex();
        assertThat(json(run(routes, HttpRequest.GET(query)).assertStatusCode(200)).path("status").asText()).isEqualTo("OK");
        JsonNode again = json(run(routes, HttpRequest.GET(query)));
        assertThat(again.path("status").asText()).isEqualTo("ERROR");
        assertThat(again.path("reason").asText()).contains("already used");
        assertThat(json(run(routes, HttpRequest.GET("/api/lnurl-auth?tag=login&k1=" + challenge.k1()))).path("reason").asText())
                .contains("required");
        assertThat(pool.logins().take(challenge.k1()).toCompletableFuture().get(10, TimeUnit.SECONDS).linkingKey())
                .isEqualTo(wallet.getPublicKeyAsHex());
    }

    @Test
    void metricsAreThePoolsMetersInPrometheusText() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        pool.bindTo(registry);
        String text = run(new MetricsRoutes(registry).routes(), HttpRequest.GET("/metrics")).assertStatusCode(200).entityString();
        assertThat(text).contains("micromining_payouts_settled_total 0", "micromining_payouts_liquidity_paused 0",
                "micromining_journal_persist_seconds_count 0", "micromining_payout_duration_seconds_count 0");
        // No edge here: its meters come when it is up.
        assertThat(text).doesNotContain("micromining_shares_accepted_total");
    }

    @Test
    void everyErrorIsJsonOfOneShapeAndNeverAnExceptionsText() throws Exception {
        Route api = JsonErrors.wrap(concat(new PoolApiRoutes(pool).routes(), new MemberRoutes(pool, "operator-secret").routes()));
        // A malformed body: the parser's message (classes, offsets) stays inside.
        JsonNode malformed = json(run(api, payout("dora", "operator-secret", "{not json")).assertStatusCode(400));
        assertThat(malformed.path("error").asText()).isEqualTo("the request body is not JSON of the expected shape");
        assertThat(malformed.toString()).doesNotContain("Jackson", "JsonNode", "Unexpected character", "line:");
        JsonNode mediaType = json(run(api, HttpRequest.POST("/api/accounts/dora/payout").withEntity(ContentTypes.TEXT_PLAIN_UTF8, "{}")
                .addHeader(RawHeader.create("Authorization", "Bearer operator-secret"))).assertStatusCode(415));
        assertThat(mediaType.path("error").asText()).contains("application/json");
        assertThat(json(run(api, HttpRequest.GET("/api/nowhere")).assertStatusCode(404)).path("error").asText()).isEqualTo("no such path");
        assertThat(json(run(api, HttpRequest.DELETE("/api/pool")).assertStatusCode(405)).path("error").asText()).contains("method");
        for (TestRouteResult r : List.of(run(api, payout("dora", "operator-secret", "{not json")), run(api, HttpRequest.GET("/api/nowhere")))) {
            assertThat(r.entity().getContentType()).isEqualTo(ContentTypes.APPLICATION_JSON);
        }
        // Refused by the server before any route: a URI longer than it takes.
        org.apache.pekko.http.javadsl.model.HttpResponse tooLong = JsonParsingErrors.MODULE$.handle(
                org.apache.pekko.http.scaladsl.model.StatusCodes.UriTooLong(),
                org.apache.pekko.http.scaladsl.model.ErrorInfo$.MODULE$.apply("URI length exceeds the configured limit of 2048 characters", ""),
                org.apache.pekko.event.NoLogging.getInstance(), null);
        assertThat(tooLong.status().intValue()).isEqualTo(414);
        assertThat(tooLong.entity().getContentType()).isEqualTo(ContentTypes.APPLICATION_JSON);
        assertThat(((org.apache.pekko.http.scaladsl.model.HttpEntity.Strict) tooLong.entity()).data().utf8String())
                .isEqualTo("{\"error\":\"uri too long\"}");
    }

    @Test
    void healthSaysWhyTheNodeIsNotReady() throws Exception {
        JsonNode notReady = json(run(new HealthRoutes(() -> List.of("the template source is not current")).routes(),
                HttpRequest.GET("/health/ready")).assertStatusCode(503));
        assertThat(notReady.path("reasons").get(0).asText()).isEqualTo("the template source is not current");
        run(new HealthRoutes(List::of).routes(), HttpRequest.GET("/health/ready")).assertStatusCode(200);
        run(new HealthRoutes(() -> List.of("x")).routes(), HttpRequest.GET("/health/alive")).assertStatusCode(200);
    }
}
