package club.micromining.pool.view;

/**
 * The pool at a glance.
 *
 * @param devicesOnline devices with a connection heard from lately (the device entity's online rule)
 * @param hashrate      from credited difficulty in complete minutes
 * @param blocksFound   blocks the chain accepted
 * @param fundsMsat     what the split (and donations) gave the club's funds
 * @param network       the chain being mined
 */
public record PoolView(long devicesOnline, HashrateView hashrate, SharesView shares, long blocksFound, FundsView fundsMsat,
                       NetworkView network) {

    public PoolView withNetwork(NetworkView n) {
        return new PoolView(devicesOnline, hashrate, shares, blocksFound, fundsMsat, n);
    }
}
