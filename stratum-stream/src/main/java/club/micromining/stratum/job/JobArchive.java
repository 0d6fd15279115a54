package club.micromining.stratum.job;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The cluster job source's jobs with their transactions, kept where another run of the source finds them:
 * the nodes' connections go on mining the last jobs while the source moves to another node, and a block
 * found on one of them can only be put together with that job's transactions.
 */
public interface JobArchive {

    /** Keeps a job the source made, whole; the oldest beyond the newest few are dropped. */
    void keep(Job job);

    /** The job with this id, whole (its template with every transaction), if it is still kept. */
    Optional<Job> find(String jobId);

    /**
     * The largest job id kept (as the counter value it is the hex of): a new run of the source numbers its jobs
     * after it, so no two runs, on nodes whose clocks started within the same second, ever make two jobs under
     * one id.
     */
    OptionalLong lastId();
}
