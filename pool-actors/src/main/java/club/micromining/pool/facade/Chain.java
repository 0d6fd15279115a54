package club.micromining.pool.facade;

import club.micromining.pool.view.NetworkView;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobManager;
import java.util.OptionalDouble;

/** The chain as this node's mining edge sees it, once the edge is up. */
public final class Chain {
    private volatile JobManager jobs;

    void edgeStarted(JobManager jobs) {
        this.jobs = jobs;
    }

    public NetworkView network() {
        Job job = current();
        return job == null ? NetworkView.UNKNOWN : new NetworkView(job.height(), job.networkDifficulty());
    }

    public OptionalDouble networkDifficulty() {
        Job job = current();
        return job == null ? OptionalDouble.empty() : OptionalDouble.of(job.networkDifficulty());
    }

    private Job current() {
        JobManager j = jobs;
        return j == null ? null : j.current();
    }
}
