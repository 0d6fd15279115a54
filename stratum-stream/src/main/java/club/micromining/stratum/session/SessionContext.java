package club.micromining.stratum.session;

import club.micromining.stratum.job.JobManager;
import club.micromining.stratum.share.ShareRecorder;

/**
 * What all sessions of a node share.
 *
 * @param devices told when a device's connection authorizes and when it closes
 * @param inFlight bounds the share replies waiting to be recorded, node-wide
 */
public record SessionContext(
        SessionSettings settings,
        JobManager jobs,
        ShareRecorder recorder,
        DeviceListener devices,
        Extranonce1Allocator extranonces,
        StratumStats stats,
        InFlightLimit inFlight) {
}
