package club.micromining.pool.facade;

import club.micromining.pool.view.JobView;
import club.micromining.pool.view.NetworkView;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.job.Job;
import java.util.Optional;
import java.util.OptionalDouble;

/** The chain as this node's mining edge sees it, once the edge is up. */
public final class Chain implements club.micromining.pool.raffle.ChainClock {
    private volatile MiningEdge edge;
    private volatile JobView decoded;

    void edgeStarted(MiningEdge edge) {
        this.edge = edge;
    }

    public NetworkView network() {
        Job job = current();
        return job == null ? NetworkView.UNKNOWN : new NetworkView(job.height(), job.networkDifficulty());
    }

    /** The hash of the chain's block at this height; empty before the edge is up or when the chain cannot tell. */
    @Override
    public java.util.concurrent.CompletionStage<Optional<String>> blockHash(long height) {
        MiningEdge e = edge;
        return e == null ? java.util.concurrent.CompletableFuture.completedFuture(Optional.empty()) : e.blockHash(height);
    }

    /** The height of the block the current job builds on. */
    @Override
    public java.util.OptionalLong tipHeight() {
        Job job = current();
        return job == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(job.height() - 1);
    }

    public OptionalDouble networkDifficulty() {
        Job job = current();
        return job == null ? OptionalDouble.empty() : OptionalDouble.of(job.networkDifficulty());
    }

    /** The current job decoded; decoded once per job, however many pages ask. */
    public Optional<JobView> currentJob() {
        MiningEdge e = edge;
        Job job = current();
        if (e == null || job == null) {
            return Optional.empty();
        }
        JobView last = decoded;
        if (last != null && last.jobId().equals(job.id())) {
            return Optional.of(last);
        }
        JobView view = JobDecoder.decode(job, e.network(), e.coinbase().extranonce1Size(), e.coinbase().payoutScript());
        decoded = view;
        return Optional.of(view);
    }

    private Job current() {
        MiningEdge e = edge;
        return e == null ? null : e.jobs().current();
    }
}
