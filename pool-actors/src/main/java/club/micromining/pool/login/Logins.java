package club.micromining.pool.login;

import club.micromining.lightning.lnurl.LnurlAuth;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/** Logging in with a Lightning wallet: challenges out, wallets' answers in, the waiting page told who signed. */
public final class Logins {
    private static final Pattern K1 = Pattern.compile("[0-9a-f]{64}");

    /**
     * @param lifetime   how long a challenge can be answered
     * @param askTimeout how long a challenge may take to answer
     */
    public record Settings(Duration lifetime, Duration askTimeout) {
    }

    /** A challenge as a login page shows it. */
    public record Challenge(String k1, String url, String lnurl, long expiresAtMillis) {
    }

    private final ClusterSharding sharding;
    private final Settings settings;

    public Logins(ActorSystem<?> system, Settings settings) {
        this.sharding = ClusterSharding.get(system);
        this.settings = settings;
    }

    /** A new challenge; {@code callback} is the public URL of the LNURL-auth callback. */
    public CompletionStage<Challenge> challenge(String callback) {
        String k1 = LnurlAuth.newK1();
        long expires = System.currentTimeMillis() + settings.lifetime().toMillis();
        String url = LnurlAuth.loginUrl(callback, k1);
        return entity(k1).<LoginChallenge.Opened>ask(r -> new LoginChallenge.Open(expires, r), settings.askTimeout())
                .thenApply(opened -> new Challenge(k1, url, LnurlAuth.encode(url), expires));
    }

    /** A wallet's answer: accepted, or refused with the reason the wallet shows. */
    public CompletionStage<LoginChallenge.Answered> answer(String k1, String sig, String key) {
        if (k1 == null || !K1.matcher(k1).matches()) {
            return CompletableFuture.completedFuture(new LoginChallenge.Answered("k1 must be 32 bytes in hex"));
        }
        return entity(k1).ask(r -> new LoginChallenge.Answer(sig, key, r), settings.askTimeout());
    }

    /** Whether a wallet answered {@code k1}: its linking key, once. */
    public CompletionStage<LoginChallenge.Taken> take(String k1) {
        if (k1 == null || !K1.matcher(k1).matches()) {
            return CompletableFuture.completedFuture(new LoginChallenge.Taken(null, true));
        }
        return entity(k1).ask(LoginChallenge.Take::new, settings.askTimeout());
    }

    public Settings settings() {
        return settings;
    }

    private EntityRef<LoginChallenge.Command> entity(String k1) {
        return sharding.entityRefFor(LoginChallenge.TYPE_KEY, k1);
    }
}
