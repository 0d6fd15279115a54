package club.micromining.stratum.template;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach bitcoind and how often to ask it.
 *
 * @param url             JSON-RPC URL, e.g. {@code http://127.0.0.1:8332/}
 * @param user            RPC user (empty when a cookie file is used)
 * @param password        RPC password
 * @param cookieFile      bitcoind's {@code .cookie}, read again whenever bitcoind refuses the credentials
 *                        (it changes when bitcoind restarts); null for user and password
 * @param pollInterval    how often the best block hash is checked (the fallback when long-polling does not answer)
 * @param refreshInterval how often a fresh template (new transactions, fees) replaces the job without cleaning it
 * @param rpcTimeout      timeout of an ordinary call
 * @param retryInterval   pause between attempts while bitcoind is unreachable, not ready or in initial block
 *                        download; also the longest pause between attempts to submit a block
 * @param pendingBlocksDir where found blocks wait, written before they are submitted, until bitcoind answers
 */
public record BitcoindSettings(
        String url,
        String user,
        String password,
        Path cookieFile,
        Duration pollInterval,
        Duration refreshInterval,
        Duration rpcTimeout,
        Duration retryInterval,
        Path pendingBlocksDir) {
}
