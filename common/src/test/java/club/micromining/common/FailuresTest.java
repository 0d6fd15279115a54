package club.micromining.common;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.common.concurrent.Failures;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void unwrapsWhatFuturesPutAroundAFailure() {
        IOException cause = new IOException("connection refused");
        CompletableFuture<Void> failed = CompletableFuture.failedFuture(cause);
        Throwable seen = failed.thenApply(v -> v).handle((v, e) -> e).join();
        assertThat(seen).isInstanceOf(CompletionException.class);
        assertThat(Failures.unwrap(seen)).isSameAs(cause);
        assertThat(Failures.unwrap(new ExecutionException(new CompletionException(cause)))).isSameAs(cause);
        assertThat(Failures.unwrap(cause)).isSameAs(cause);
        CompletionException empty = new CompletionException(null);
        assertThat(Failures.unwrap(empty)).isSameAs(empty);
    }

    @Test
    void rootMessageIsTheDeepestWordsInTheChain() {
        Exception e = new IllegalStateException(new RuntimeException(new java.net.BindException("Address already in use")));
        assertThat(Failures.rootMessage(e)).isEqualTo("Address already in use");
        assertThat(Failures.rootMessage(new IllegalStateException("outer", new RuntimeException((String) null))))
                .isEqualTo("outer");
        assertThat(Failures.rootMessage(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
