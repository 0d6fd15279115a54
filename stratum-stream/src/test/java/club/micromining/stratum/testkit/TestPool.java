package club.micromining.stratum.testkit;

import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.session.DeviceListener;

import club.micromining.stratum.share.ShareRecorder;
import club.micromining.stratum.template.BitcoindTemplateSource;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.TemplateSource;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A whole mining edge on loopback for tests: an actor system, the embedded chain (or bitcoind, when the
 * settings name one), and the Stratum listener on a free port, with a data directory of its own. Settings default to a regtest pool where a CPU finds shares in milliseconds
 * (difficulty 1e-6) and blocks never happen by chance (block difficulty 1000).
 */
public final class TestPool implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final TemplateSource source;
    private final MiningEdge edge;
    private final InMemoryShareLog shares;

    private TestPool(ActorSystem<Void> system, TemplateSource source, MiningEdge edge, InMemoryShareLog shares) {
        this.system = system;
        this.source = source;
        this.edge = edge;
        this.shares = shares;
    }

    public static TestPool start(Map<String, String> overrides) {
        return start(overrides, null);
    }

    /** Starts a pool; {@code recorder} replaces the in-memory share log when not null. */
    public static TestPool start(Map<String, String> overrides, ShareRecorder recorder) {
        return start(overrides, recorder, BlockListener.NONE);
    }

    /** Starts a pool whose block verdicts go to {@code blocks}. */
    public static TestPool start(Map<String, String> overrides, ShareRecorder recorder, BlockListener blocks) {
        Map<String, String> settings = new HashMap<>();
        try {
            settings.put("micromining.data-dir", Files.createTempDirectory("test-pool").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings.put("micromining.stratum.port", "0");
        settings.put("micromining.stratum.bind-host", "127.0.0.1");
        settings.put("micromining.stratum.difficulty.min", "1e-8");
        settings.put("micromining.stratum.difficulty.start", "1e-6");
        settings.put("micromining.stratum.difficulty.max", "1e-6");
        settings.put("micromining.embedded-chain.start-difficulty", "1000");
        settings.put("micromining.embedded-chain.refresh-interval", "1h");
        settings.putAll(overrides);
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()).resolve();
        StratumSettings stratum = StratumSettings.fromConfig(config);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "test-pool", config);
        TemplateSource chain = stratum.bitcoind() != null
                ? new BitcoindTemplateSource(stratum.bitcoind(), stratum.network())
                : new EmbeddedChain(stratum.embeddedChain());
        InMemoryShareLog shares = new InMemoryShareLog(10_000);
        try {
            MiningEdge edge = MiningEdge.start(system, stratum, chain, recorder != null ? recorder : shares,
                            DeviceListener.NONE, blocks)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new TestPool(system, chain, edge, shares);
        } catch (Exception e) {
            system.terminate();
            throw new IllegalStateException("test pool did not start", e);
        }
    }

    public InetSocketAddress address() {
        return edge.address();
    }

    public StratumTestClient client() {
        return StratumTestClient.connect(address());
    }

    public MiningEdge edge() {
        return edge;
    }

    /** The embedded chain (pools started with a bitcoind URL have none). */
    public EmbeddedChain chain() {
        return (EmbeddedChain) source;
    }

    public InMemoryShareLog shares() {
        return shares;
    }

    @Override
    public void close() {
        edge.close();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("test pool did not stop", e);
        }
    }
}
