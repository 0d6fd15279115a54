package club.micromining.pool.accounting.scheme;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.stratum.share.AcceptedShare;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How accepted work turns into members' money. One implementation per scheme, chosen once from the
 * configuration ({@code POOL_ACCOUNTING_SCHEME}); the share path, the block-reward distributor and the
 * read side ask the scheme, and nothing else looks at which scheme it is.
 */
public sealed interface PaymentScheme permits Fpps, Pplns, Solo {

    /** The name recorded with every division and shown to operators: {@code FPPS}, {@code PPLNS}, {@code SOLO}. */
    String name();

    /** What an accepted share earns the moment it is accepted, in msat: 0 where the scheme pays for found blocks. */
    long shareAccrualMsat(AcceptedShare share);

    /** Whether a found block's value is divided among accounts; under FPPS the shares were paid as they came. */
    boolean dividesFoundBlocks();

    /**
     * Divides a found block's value: empty while the work the division needs has not reached the read
     * side yet (the caller tries again). Only for schemes that divide found blocks.
     */
    CompletionStage<Optional<BlockReward.Division>> divide(FoundBlock block, WorkWindow work, Split split);

    /** Whether the read side must keep the accepted shares in journal order (the PPLNS work window). */
    boolean needsWorkWindow();

    /** The work the window must keep at this network difficulty for any block still to be divided; empty: none. */
    Optional<BigDecimal> workToKeep(double networkDifficulty);

    /** As the start-up log says it. */
    default String describe() {
        return name();
    }

    /**
     * The scheme a configuration names.
     *
     * @throws IllegalArgumentException for a name that is not fpps, pplns or solo
     */
    static PaymentScheme named(String name, PplnsWindow window) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "fpps" -> new Fpps();
            case "pplns" -> new Pplns(window);
            case "solo" -> new Solo();
            default -> throw new IllegalArgumentException("must be fpps, pplns or solo, was \"" + name.trim() + "\"");
        };
    }
}
