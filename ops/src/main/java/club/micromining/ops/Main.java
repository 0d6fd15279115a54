package club.micromining.ops;

import club.micromining.ops.ledger.VerifyLedger;
import club.micromining.ops.loadgen.EdgeOnlyNode;
import club.micromining.ops.loadgen.LoadGenerator;
import club.micromining.ops.loadgen.WebSessions;
import club.micromining.common.config.SettingsException;
import java.util.Arrays;

/** The one runnable artifact: {@code java -jar micromining-pool.jar [command] [options]}. */
public final class Main {
    private static final String USAGE = """
            Usage: java -jar micromining-pool.jar [command] [options]

              run [--simulate N]     start a node on the configured (default: embedded) parts;
                                     --simulate N also starts N simulated BitAxe devices mining over Stratum
              loadgen --host H --port P --connections C --rate R --seconds T
                      [--suggest-difficulty D] [--connect-rate N] [--handshake-timeout S]
                                     Stratum load from one process; prints the figures
              verify-ledger FILE-or-URL [--key HEX] [--balances] [--proof FILE-or-URL]
                                     checks a ledger export offline (or a node's); exit 0 only if
                                     every hash, link, root and signature holds
              webload --url U --sessions N --seconds T [--route R]
                                     benchmarks only: N open pages of the web app, held as a browser
                                     holds them (push websocket, heartbeats); prints the pushes
              edge                   benchmarks only: the Stratum edge alone on the embedded chain,
                                     accepted shares counted and not recorded (for loadgen)
              help                   this text

            Settings come from HOCON (application.conf) and environment variables such as
            POOL_STRATUM_PORT, POOL_NETWORK, POOL_PAYOUT_ADDRESS; see README.md.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        commonPoolOfTwo();
        String command = args.length == 0 || args[0].startsWith("--") ? "run" : args[0];
        String[] rest = args.length == 0 || args[0].startsWith("--") ? args : Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "run" -> run(Options.parse(rest));
                case "loadgen" -> System.exit(LoadGenerator.run(Options.parse(rest)));
                case "verify-ledger" -> System.exit(VerifyLedger.run(rest, System.out));
                case "webload" -> System.exit(WebSessions.run(Options.parse(rest)));
                case "edge" -> EdgeOnlyNode.run(Options.parse(rest));
                case "help", "-h" -> System.out.print(USAGE);
                default -> fail("unknown command '" + command + "'\n\n" + USAGE);
            }
        } catch (SettingsException e) {
            fail("configuration error: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            fail(e.getMessage() + "\n\n" + USAGE);
        } catch (IllegalStateException e) {
            fail(firstMessage(e));
        }
    }

    /**
     * On one or two cores the JDK's common pool has one thread, and CompletableFuture then runs each async
     * callback given no executor on a new thread of its own. Scala's CompletableFuture, which Pekko's Java
     * {@code ask} returns, makes every callback async: a thread per answer. With two threads the common pool
     * serves them. The JDK reads the setting once, so this runs before anything uses the pool.
     */
    private static void commonPoolOfTwo() {
        String parallelism = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(parallelism) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(parallelism, "2");
        }
    }

    /** The most specific words there are: some failures (of a listener, say) come with no message of their own. */
    private static String firstMessage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.toString();
    }

    private static void fail(String message) {
        System.err.println("micromining-pool: " + message);
        System.exit(2);
    }

    /** {@code run}: starts a node and blocks until the JVM is asked to stop. */
    private static void run(Options options) {
        options.requireOnly("simulate");
        PoolNode node = PoolNode.start(com.typesafe.config.ConfigFactory.load(), options.integer("simulate", 0, 0, 10_000));
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            asked.set(true);
            node.close();
        }, "shutdown"));
        node.awaitTermination();
        if (!asked.get()) {
            // Downed by the split brain resolver (or removed from its cluster): a node cannot rejoin with the same
            // actor system, so it exits and its supervisor (systemd, Kubernetes) starts it again.
            System.err.println("micromining-pool: this node was removed from its cluster and stopped; exiting so it is started again");
            System.exit(1);
        }
    }
}
