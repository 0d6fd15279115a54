package club.micromining.persistence.ledger;

import club.micromining.pool.projects.Tally;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The projects as the ledger tells them, read entry by entry in sequence order: the proposals of each round,
 * the votes cast, and what the project fund holds. The sealer reads it to tally a round and the verifier
 * reads it to recompute each tally, so both count from the same entries the same way.
 *
 * <p>The fund gets the project-fund part of every contribution of a period before the round's end, of every
 * block division and every donation so far; it gives what each earlier tally reserved (amount and fee
 * budget of every funding), and gets back what a paid funding's fees left of their budget.
 */
final class ProjectBook {
    private record Proposal(String project, String round, long proposedAtMillis, long amountMsat, boolean withdrawn) {
    }

    private record RoundBallot(String round, Tally.Ballot ballot) {
    }

    private final Map<String, Proposal> proposals = new LinkedHashMap<>();
    private final List<RoundBallot> ballots = new ArrayList<>();
    private final TreeMap<Long, Long> contributionsByPeriod = new TreeMap<>();
    private final Map<String, Long> feeBudgets = new HashMap<>();
    private long otherIncome;
    private long reserved;
    private long released;

    static final List<String> KINDS = List.of(LedgerKinds.CONTRIBUTION, LedgerKinds.BLOCK_DIVISION, LedgerKinds.DONATION,
            LedgerKinds.PROJECT_PROPOSED, LedgerKinds.PROJECT_EDITED, LedgerKinds.PROJECT_WITHDRAWN, LedgerKinds.VOTE,
            LedgerKinds.PROJECT_TALLY, LedgerKinds.PROJECT_PAID);

    void add(String kind, JsonNode p) {
        switch (kind) {
            case LedgerKinds.CONTRIBUTION -> contributionsByPeriod.merge(Instant.parse(p.path("periodStart").asText()).toEpochMilli(),
                    p.path("split").path("projectFund").asLong(), Math::addExact);
            case LedgerKinds.BLOCK_DIVISION -> p.path("credits").forEach(c ->
                    otherIncome = Math.addExact(otherIncome, c.path("split").path("projectFund").asLong()));
            case LedgerKinds.DONATION -> otherIncome = Math.addExact(otherIncome, p.path("amountMsat").asLong());
            case LedgerKinds.PROJECT_PROPOSED -> proposals.put(p.path("project").asText(), new Proposal(p.path("project").asText(),
                    p.path("round").asText(), Instant.parse(p.path("proposedAt").asText()).toEpochMilli(), p.path("amountMsat").asLong(), false));
            case LedgerKinds.PROJECT_EDITED -> proposals.computeIfPresent(p.path("project").asText(), (id, old) ->
                    new Proposal(id, old.round(), old.proposedAtMillis(), p.path("amountMsat").asLong(), old.withdrawn()));
            case LedgerKinds.PROJECT_WITHDRAWN -> proposals.computeIfPresent(p.path("project").asText(), (id, old) ->
                    new Proposal(id, old.round(), old.proposedAtMillis(), old.amountMsat(), true));
            case LedgerKinds.VOTE -> ballots.add(new RoundBallot(p.path("round").asText(), new Tally.Ballot(p.path("project").asText(),
                    p.path("account").asText(), p.path("inFavour").asBoolean())));
            case LedgerKinds.PROJECT_TALLY -> p.path("results").forEach(r -> {
                if (r.path("funded").asBoolean()) {
                    reserved = Math.addExact(reserved, Math.addExact(r.path("amountMsat").asLong(), r.path("feeBudgetMsat").asLong()));
                    feeBudgets.put(r.path("project").asText(), r.path("feeBudgetMsat").asLong());
                }
            });
            case LedgerKinds.PROJECT_PAID -> released = Math.addExact(released,
                    Math.max(0, feeBudgets.getOrDefault(p.path("project").asText(), 0L) - p.path("feeMsat").asLong()));
            default -> {
            }
        }
    }

    /** The proposals of a round still standing, in the order they were proposed. */
    List<Tally.Candidate> candidates(String round) {
        List<Tally.Candidate> out = new ArrayList<>();
        for (Proposal p : proposals.values()) {
            if (p.round().equals(round) && !p.withdrawn()) {
                out.add(new Tally.Candidate(p.project(), p.proposedAtMillis(), p.amountMsat()));
            }
        }
        return out;
    }

    /** The votes of a round as they were cast, in order (the last of an account on a proposal counts). */
    List<Tally.Ballot> ballots(String round) {
        List<Tally.Ballot> out = new ArrayList<>();
        for (RoundBallot b : ballots) {
            if (b.round().equals(round)) {
                out.add(b.ballot());
            }
        }
        return out;
    }

    /** What the project fund holds for a tally of a round ending at {@code roundEnd}. */
    long fundAt(long roundEnd) {
        long income = otherIncome;
        for (long part : contributionsByPeriod.headMap(roundEnd).values()) {
            income = Math.addExact(income, part);
        }
        return Math.max(0, income - reserved + released);
    }
}
