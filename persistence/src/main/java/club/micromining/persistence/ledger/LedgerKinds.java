package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.BlockRewardEntity;
import club.micromining.pool.donation.DonationEntity;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Tally;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.stats.PoolStatsEntity;
import club.micromining.stratum.session.WorkerName;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * What each fact of the journal becomes in the ledger, by kind. Accounts by name only: no address, key,
 * webhook or Lightning destination. Amounts in msat as integers; difficulties as decimal strings.
 */
public final class LedgerKinds {
    public static final String CONTRIBUTION = "contribution";
    public static final String CREDIT = "credit";
    public static final String REWARD_CREDIT = "reward-credit";
    public static final String PAYOUT_REQUESTED = "payout-requested";
    public static final String PAYOUT_SETTLED = "payout-settled";
    public static final String PAYOUT_FAILED = "payout-failed";
    public static final String BLOCK = "block";
    public static final String BLOCK_DIVISION = "block-division";
    public static final String DONATION = "donation";
    public static final String RAFFLE_COMMITMENT = "raffle-commitment";
    public static final String RAFFLE_DRAW = "raffle-draw";
    public static final String PRIZE_CREDIT = "prize-credit";
    public static final String PRIZE_ROLLED_OVER = "prize-rolled-over";
    public static final String PROJECT_PROPOSED = "project-proposed";
    public static final String PROJECT_EDITED = "project-edited";
    public static final String PROJECT_WITHDRAWN = "project-withdrawn";
    public static final String VOTE = "vote";
    public static final String PROJECT_TALLY = "project-tally";
    public static final String PROJECT_PAID = "project-paid";

    private LedgerKinds() {
    }

    private static ObjectNode object() {
        return Jcs.JSON.createObjectNode();
    }

    /** A member's event that moves its money, as an entry; credits are aggregated instead (see {@link #aggregate}). */
    public static Optional<LedgerStore.Draft> member(String account, MemberEntity.Event event) {
        if (event instanceof MemberEntity.BlockRewardsCredited e) {
            ObjectNode p = object().put("account", account).put("msat", e.msat());
            ArrayNode blocks = p.putArray("blocks");
            e.blockHashes().forEach(blocks::add);
            return Optional.of(new LedgerStore.Draft(REWARD_CREDIT, account, p));
        }
        if (event instanceof MemberEntity.PrizeCredited e) {
            return Optional.of(new LedgerStore.Draft(PRIZE_CREDIT, account, object().put("account", account).put("round", e.round())
                    .put("drawSeq", e.drawSeq()).put("msat", e.msat())));
        }
        if (event instanceof MemberEntity.PayoutRequested e) {
            return Optional.of(new LedgerStore.Draft(PAYOUT_REQUESTED, account, object().put("account", account)
                    .put("paymentHash", e.payout().paymentHash()).put("amountMsat", e.payout().amountMsat())
                    .put("feeBudgetMsat", e.payout().feeBudgetMsat())));
        }
        if (event instanceof MemberEntity.PayoutSettled e) {
            return Optional.of(new LedgerStore.Draft(PAYOUT_SETTLED, account, object().put("account", account)
                    .put("paymentHash", e.paymentHash()).put("amountMsat", e.amountMsat()).put("feeMsat", e.feeMsat())
                    .put("preimage", e.preimage())));
        }
        if (event instanceof MemberEntity.PayoutFailed e) {
            return Optional.of(new LedgerStore.Draft(PAYOUT_FAILED, account, object().put("account", account)
                    .put("paymentHash", e.paymentHash()).put("amountMsat", e.amountMsat())));
        }
        return Optional.empty();
    }

    public static Optional<LedgerStore.Draft> pool(PoolStatsEntity.Event event) {
        if (event instanceof PoolStatsEntity.BlockSubmitted e) {
            String account = WorkerName.ofDeviceId(e.finder()).account();
            return Optional.of(new LedgerStore.Draft(BLOCK, account, object().put("height", e.height()).put("hash", e.hash())
                    .put("account", account).put("accepted", e.accepted()).put("verdict", e.accepted() ? "accepted" : e.reason())
                    .put("valueMsat", e.valueMsat())));
        }
        if (event instanceof PoolStatsEntity.DonationReceived e) {
            return Optional.of(donation(e.paymentHash(), e.amountMsat()));
        }
        return Optional.empty();
    }

    public static Optional<LedgerStore.Draft> reward(BlockRewardEntity.Event event) {
        if (event instanceof BlockRewardEntity.BlockRewardDistributed e) {
            ObjectNode p = object().put("hash", e.block().hash()).put("height", e.block().height()).put("valueMsat", e.block().valueMsat())
                    .put("scheme", e.scheme()).put("countedDifficulty", e.countedDifficulty())
                    .put("undistributedMsat", e.undistributedMsat());
            ArrayNode credits = p.putArray("credits");
            for (BlockReward.Credit c : e.credits()) {
                credits.add(object().put("account", c.account()).put("accrualMsat", c.accrualMsat()).set("split", split(c.parts().member(),
                        c.parts().projectFund(), c.parts().rafflePot(), c.parts().reserve(), c.parts().poolFee())));
            }
            return Optional.of(new LedgerStore.Draft(BLOCK_DIVISION, null, p));
        }
        return Optional.empty();
    }

    /**
     * A project's event that the vote or the fund depends on: its proposal (title and amount; the recipient's
     * address stays out), edits, withdrawal, each vote, and the funding's payment with its preimage.
     */
    public static Optional<LedgerStore.Draft> project(String project, ProjectEntity.Event event) {
        if (event instanceof ProjectEntity.ProjectProposed e) {
            return Optional.of(new LedgerStore.Draft(PROJECT_PROPOSED, e.author(), object().put("project", project).put("round", e.round())
                    .put("author", e.author()).put("title", e.proposal().title()).put("amountMsat", e.proposal().amountMsat())
                    .put("proposedAt", LedgerEntry.time(e.atMillis()))));
        }
        if (event instanceof ProjectEntity.ProjectEdited e) {
            return Optional.of(new LedgerStore.Draft(PROJECT_EDITED, null, object().put("project", project).put("title", e.proposal().title())
                    .put("amountMsat", e.proposal().amountMsat())));
        }
        if (event instanceof ProjectEntity.ProjectWithdrawn) {
            return Optional.of(new LedgerStore.Draft(PROJECT_WITHDRAWN, null, object().put("project", project)));
        }
        if (event instanceof ProjectEntity.VoteCast e) {
            return Optional.of(new LedgerStore.Draft(VOTE, e.account(), object().put("project", project).put("round", e.round())
                    .put("account", e.account()).put("inFavour", e.inFavour())));
        }
        if (event instanceof ProjectEntity.FundingPaid e) {
            return Optional.of(new LedgerStore.Draft(PROJECT_PAID, null, object().put("project", project).put("paymentHash", e.paymentHash())
                    .put("preimage", e.preimage()).put("amountMsat", e.amountMsat()).put("feeMsat", e.feeMsat())));
        }
        return Optional.empty();
    }

    /**
     * A round's tally: its span, how votes weighed, what the fund held, every standing proposal ranked (with
     * the fee budget a funding would reserve, for the eligible ones), and which were funded.
     */
    public static LedgerStore.Draft tally(String round, long roundStart, long roundEnd, Voting.Weight weight, int quorum, long fundMsat,
                                          List<Tally.Result> ranked, java.util.function.LongUnaryOperator feeBudget, List<Tally.Funding> funded) {
        ObjectNode p = object().put("round", round).put("roundStart", LedgerEntry.time(roundStart)).put("roundEnd", LedgerEntry.time(roundEnd))
                .put("weight", weight.name().toLowerCase(java.util.Locale.ROOT)).put("quorum", quorum).put("fundMsat", fundMsat);
        java.util.Map<String, Tally.Funding> byProject = new java.util.HashMap<>();
        funded.forEach(f -> byProject.put(f.project(), f));
        ArrayNode results = p.putArray("results");
        for (Tally.Result r : ranked) {
            Tally.Funding f = byProject.get(r.project());
            ObjectNode n = object().put("project", r.project()).put("inFavour", r.inFavour().toString()).put("against", r.against().toString())
                    .put("voters", r.voters()).put("eligible", r.eligible()).put("funded", f != null).put("amountMsat", r.amountMsat());
            if (r.eligible()) {
                n.put("feeBudgetMsat", feeBudget.applyAsLong(r.amountMsat()));
            }
            results.add(n);
        }
        return new LedgerStore.Draft(PROJECT_TALLY, null, p);
    }

    /** A prize whose winner set no payout destination within the claim window: back into the raffle pot. */
    static LedgerStore.Draft prizeRolledOver(String round, long drawSeq, String winner, long msat) {
        return new LedgerStore.Draft(PRIZE_ROLLED_OVER, winner, object().put("round", round).put("drawSeq", drawSeq).put("winner", winner)
                .put("msat", msat));
    }

    public static Optional<LedgerStore.Draft> donation(DonationEntity.Event event) {
        if (event instanceof DonationEntity.DonationReceived e) {
            return Optional.of(donation(e.paymentHash(), e.amountMsat()));
        }
        return Optional.empty();
    }

    private static LedgerStore.Draft donation(String paymentHash, long msat) {
        return new LedgerStore.Draft(DONATION, null, object().put("paymentHash", paymentHash).put("amountMsat", msat)
                .put("fund", "project-fund"));
    }

    private static ObjectNode split(long member, long projectFund, long rafflePot, long reserve, long poolFee) {
        return object().put("member", member).put("projectFund", projectFund).put("rafflePot", rafflePot).put("reserve", reserve)
                .put("poolFee", poolFee);
    }

    /** A difficulty as the ledger writes it: the exact decimal, no exponent, no trailing zeros. */
    public static String decimal(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }

    /** An open period's aggregate, closed into an entry. */
    static LedgerStore.Draft aggregate(String kind, long periodStart, long periodMillis, String account, String worker, long shares,
                                       BigDecimal difficulty, long member, long projectFund, long rafflePot, long reserve, long poolFee) {
        ObjectNode p = object().put("periodStart", LedgerEntry.time(periodStart)).put("periodEnd", LedgerEntry.time(periodStart + periodMillis))
                .put("account", account);
        if (CONTRIBUTION.equals(kind)) {
            p.put("worker", worker).put("shares", shares).put("difficulty", decimal(difficulty));
            p.set("split", split(member, projectFund, rafflePot, reserve, poolFee));
        } else if (CREDIT.equals(kind)) {
            p.put("msat", member);
        } else {
            throw new IllegalStateException("no aggregate kind " + kind);
        }
        return new LedgerStore.Draft(kind, account, p);
    }

    /**
     * A round's raffle commitment: its span, how work became tickets, the tickets (bytewise order), their
     * Merkle root and total, the chain tip at the close and the deciding block after it.
     */
    public static LedgerStore.Draft commitment(club.micromining.pool.raffle.Raffle.Commitment c, long roundStart, long roundEnd,
                                               club.micromining.pool.raffle.Raffle.Weighting weighting, long tipHeight) {
        ObjectNode p = object().put("round", c.roundId()).put("roundStart", LedgerEntry.time(roundStart))
                .put("roundEnd", LedgerEntry.time(roundEnd)).put("weighting", weighting.name().toLowerCase(java.util.Locale.ROOT))
                .put("tipHeight", tipHeight).put("targetHeight", c.targetHeight()).put("total", c.total().toString())
                .put("ticketRoot", c.rootHex());
        ArrayNode tickets = p.putArray("tickets");
        c.tickets().forEach(t -> tickets.add(object().put("account", t.account()).put("tickets", t.tickets().toString())));
        return new LedgerStore.Draft(RAFFLE_COMMITMENT, null, p);
    }

    /** A round's draw: the deciding block, the seed accepted after how many rehashes, and the winner. */
    public static LedgerStore.Draft draw(club.micromining.pool.raffle.Raffle.Draw d, String ticketRoot, long potMsat, int prizePercent) {
        long prizeMsat = prize(potMsat, prizePercent);
        return new LedgerStore.Draft(RAFFLE_DRAW, d.winner(), object().put("round", d.roundId()).put("height", d.height())
                .put("blockHash", d.blockHash()).put("ticketRoot", ticketRoot).put("seed", d.seedHex())
                .put("iterations", d.iterations()).put("winner", d.winner()).put("potMsat", potMsat).put("prizePercent", prizePercent)
                .put("prizeMsat", prizeMsat));
    }

    /** The prize out of a pot: {@code floor(pot × percent / 100)}; the rest stays in the pot for the next round. */
    public static long prize(long potMsat, int percent) {
        return Math.multiplyExact(potMsat, percent) / 100;
    }

    /** A commitment entry's payload read back as the raffle's commitment. */
    public static club.micromining.pool.raffle.Raffle.Commitment commitmentOf(com.fasterxml.jackson.databind.JsonNode p) {
        List<club.micromining.pool.raffle.Raffle.Ticket> tickets = new java.util.ArrayList<>();
        p.get("tickets").forEach(t -> tickets.add(new club.micromining.pool.raffle.Raffle.Ticket(t.get("account").asText(),
                new java.math.BigInteger(t.get("tickets").asText()))));
        return new club.micromining.pool.raffle.Raffle.Commitment(p.get("round").asText(), List.copyOf(tickets),
                java.util.HexFormat.of().parseHex(p.get("ticketRoot").asText()), new java.math.BigInteger(p.get("total").asText()),
                p.get("targetHeight").asLong());
    }

    /** The period a time falls in: periods are multiples of their length since the epoch. */
    public static long periodOf(long atMillis, long periodMillis) {
        return Math.floorDiv(atMillis, periodMillis) * periodMillis;
    }

    public static List<String> kinds() {
        return List.of(CONTRIBUTION, CREDIT, REWARD_CREDIT, PAYOUT_REQUESTED, PAYOUT_SETTLED, PAYOUT_FAILED, BLOCK, BLOCK_DIVISION, DONATION,
                RAFFLE_COMMITMENT, RAFFLE_DRAW, PRIZE_CREDIT,
                PRIZE_ROLLED_OVER, PROJECT_PROPOSED, PROJECT_EDITED, PROJECT_WITHDRAWN, VOTE, PROJECT_TALLY, PROJECT_PAID);
    }
}
