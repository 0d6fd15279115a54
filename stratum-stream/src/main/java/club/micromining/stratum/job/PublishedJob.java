package club.micromining.stratum.job;

import club.micromining.stratum.template.BlockTemplate;
import java.util.List;

/**
 * A job as the cluster's job source sends it to every node: its Stratum parts and its template's header
 * fields, without the template's transactions (the merkle branch stands for them; a block solved on it is
 * put together by the job source, which kept them).
 *
 * @param header the template with no transactions
 */
public record PublishedJob(String id, BlockTemplate header, int version, byte[] coinb1, byte[] coinb2, List<byte[]> branch,
                           int extranonce2Size) {

    public PublishedJob {
        branch = List.copyOf(branch);
    }
}
