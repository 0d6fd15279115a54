package club.micromining.stratum.server;

import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A well-behaved device that keeps submitting valid shares in the background while a test misbehaves. */
final class SteadyMiner implements AutoCloseable {
    private final StratumTestClient client;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile boolean running = true;

    SteadyMiner(TestPool pool, String user) {
        client = pool.client().handshake(user);
        thread = new Thread(this::run, "steady-miner");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                JsonNode reply = client.submitShare();
                if (reply.path("result").asBoolean()) {
                    accepted.incrementAndGet();
                } else if (running) {
                    problem.compareAndSet(null, "share refused: " + reply);
                }
                Thread.sleep(40);
            } catch (InterruptedException e) {
                return;
            } catch (AssertionError | RuntimeException e) {
                if (running) {
                    problem.compareAndSet(null, e.toString());
                }
                return;
            }
        }
    }

    long accepted() {
        return accepted.get();
    }

    /** Null while every share so far was accepted and the connection is up. */
    String problem() {
        return problem.get();
    }

    /** Waits until at least {@code more} further shares were accepted. */
    void awaitMore(long more) throws InterruptedException {
        long target = accepted() + more;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (accepted() < target && problem() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
        client.close();
    }
}
