package club.micromining.stratum.session;

import club.micromining.stratum.job.JobManager;
import club.micromining.stratum.share.ShareRecorder;

/** What all sessions of a node share. */
public record SessionContext(
        SessionSettings settings,
        JobManager jobs,
        ShareRecorder recorder,
        Extranonce1Allocator extranonces,
        StratumStats stats) {
}
