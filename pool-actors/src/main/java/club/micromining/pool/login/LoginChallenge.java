package club.micromining.pool.login;

import club.micromining.lightning.lnurl.LnurlAuth;
import club.micromining.pool.CborSerializable;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One LNURL-auth login challenge, by its k1: opened when a login page shows it, answered once by a
 * wallet's signature, taken once by the page that showed it, and gone when it expires. Sharded, so the
 * wallet's callback and the waiting page may reach any node of a cluster. Nothing here moves money, so
 * nothing is persisted: a challenge lost in a restart is a login to try again.
 */
public final class LoginChallenge {
    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "LoginChallenge");

    public sealed interface Command extends CborSerializable {
    }

    /** The login page shows this challenge; it can be answered until {@code expiresAtMillis}. */
    public record Open(long expiresAtMillis, ActorRef<Opened> replyTo) implements Command {
    }

    public record Opened(String k1) implements CborSerializable {
    }

    /** A wallet's answer (LUD-04's callback). */
    public record Answer(String sig, String key, ActorRef<Answered> replyTo) implements Command {
    }

    /** What the wallet is told: {@code error} is null when the login was accepted. */
    public record Answered(String error) implements CborSerializable {
        public boolean ok() {
            return error == null;
        }
    }

    /** The page that showed the challenge asks whether a wallet answered it; it gets the key once. */
    public record Take(ActorRef<Taken> replyTo) implements Command {
    }

    /** The linking key (hex) that signed, or null while nobody has (or never: expired, taken). */
    public record Taken(String linkingKey, boolean over) implements CborSerializable {
    }

    private enum Expire implements Command { INSTANCE }

    private LoginChallenge() {
    }

    /** A challenge stops itself when it expires; sharding must not passivate it before. */
    public static void initSharding(ActorSystem<?> system) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId()))
                .withSettings(ClusterShardingSettings.create(system).withNoPassivationStrategy()));
    }

    public static Behavior<Command> create(String k1) {
        return Behaviors.withTimers(timers -> Behaviors.receive(Command.class)
                .onMessage(Open.class, o -> {
                    timers.startSingleTimer(Expire.INSTANCE, Duration.ofMillis(Math.max(0, o.expiresAtMillis() - System.currentTimeMillis())));
                    o.replyTo().tell(new Opened(k1));
                    return open(k1, o.expiresAtMillis());
                })
                .onMessage(Answer.class, a -> {
                    a.replyTo().tell(new Answered("unknown or expired k1"));
                    return Behaviors.stopped();
                })
                .onMessage(Take.class, t -> {
                    t.replyTo().tell(new Taken(null, true));
                    return Behaviors.stopped();
                })
                .onMessage(Expire.class, e -> Behaviors.stopped())
                .build());
    }

    /** Waiting for a wallet. */
    private static Behavior<Command> open(String k1, long expiresAtMillis) {
        return Behaviors.receive(Command.class)
                .onMessage(Answer.class, a -> {
                    if (System.currentTimeMillis() > expiresAtMillis) {
                        a.replyTo().tell(new Answered("k1 has expired"));
                        return Behaviors.same();
                    }
                    try {
                        String key = LnurlAuth.verify(k1, a.sig(), a.key());
                        a.replyTo().tell(new Answered(null));
                        return answered(k1, key);
                    } catch (LnurlAuth.InvalidLogin e) {
                        a.replyTo().tell(new Answered(e.getMessage()));
                        return Behaviors.same();
                    }
                })
                .onMessage(Take.class, t -> {
                    t.replyTo().tell(new Taken(null, false));
                    return Behaviors.same();
                })
                .onMessage(Open.class, o -> {
                    o.replyTo().tell(new Opened(k1));
                    return Behaviors.same();
                })
                .onMessage(Expire.class, e -> Behaviors.stopped())
                .build();
    }

    /** A wallet signed: the page takes the key once; the k1 cannot be answered again. */
    private static Behavior<Command> answered(String k1, String key) {
        return Behaviors.receive(Command.class)
                .onMessage(Answer.class, a -> {
                    a.replyTo().tell(new Answered("k1 was already used"));
                    return Behaviors.same();
                })
                .onMessage(Take.class, t -> {
                    t.replyTo().tell(new Taken(key, true));
                    return used(k1);
                })
                .onMessage(Open.class, o -> {
                    o.replyTo().tell(new Opened(k1));
                    return Behaviors.same();
                })
                .onMessage(Expire.class, e -> Behaviors.stopped())
                .build();
    }

    /** Taken: refuses everything until it expires. */
    private static Behavior<Command> used(String k1) {
        return Behaviors.receive(Command.class)
                .onMessage(Answer.class, a -> {
                    a.replyTo().tell(new Answered("k1 was already used"));
                    return Behaviors.same();
                })
                .onMessage(Take.class, t -> {
                    t.replyTo().tell(new Taken(null, true));
                    return Behaviors.same();
                })
                .onMessage(Open.class, o -> {
                    o.replyTo().tell(new Opened(k1));
                    return Behaviors.same();
                })
                .onMessage(Expire.class, e -> Behaviors.stopped())
                .build();
    }
}
