package club.micromining.ops.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import scala.concurrent.Future;

/**
 * Pekko HTTP's route testkit for JUnit 5 (it ships a JUnit 4 base only): route trees run without a socket,
 * sealed as a server would run them, and its assertions fail through AssertJ.
 */
abstract class RouteTestBase extends RouteTest {

    /** The actor system the routes run on. */
    protected abstract ActorSystem classicSystem();

    @Override
    public ActorSystem system() {
        return classicSystem();
    }

    @Override
    public Materializer materializer() {
        return Materializer.matFromSystem(classicSystem());
    }

    @Override
    public TestRouteResult createTestRouteResultAsync(org.apache.pekko.http.javadsl.model.HttpRequest request,
                                                      Future<RouteResult> result) {
        return new TestRouteResult(result, awaitDuration(), system().dispatcher(), materializer()) {
            @Override
            public void fail(String message) {
                throw new AssertionError(message);
            }

            @Override
            public void assertEquals(Object expected, Object actual, String message) {
                assertThat(actual).as(message).isEqualTo(expected);
            }

            @Override
            public void assertEquals(int expected, int actual, String message) {
                assertThat(actual).as(message).isEqualTo(expected);
            }

            @Override
            public void assertTrue(boolean predicate, String message) {
                assertThat(predicate).as(message).isTrue();
            }
        };
    }
}
