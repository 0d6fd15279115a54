package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.donation.DonationEntity;
import java.sql.PreparedStatement;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/** Keeps {@code donations} and adds every received donation to the project fund in {@code pool_funds}, exactly once. */
public final class DonationReadModelHandler extends JdbcHandler<List<EventEnvelope<DonationEntity.Event>>, PooledJdbcSession> {

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<DonationEntity.Event>> envelopes) throws Exception {
        session.withConnection(c -> {
            for (EventEnvelope<DonationEntity.Event> env : envelopes) {
                DonationEntity.Event event = env.event();
                if (event instanceof DonationEntity.DonationInvoiceIssued e) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO donations (payment_hash, amount_msat, status, issued_at) VALUES (?, ?, 'OPEN', ?)")) {
                        ps.setString(1, e.invoice().paymentHash());
                        ps.setLong(2, e.invoice().amountMsat());
                        ps.setLong(3, e.invoice().issuedAtMillis());
                        ps.executeUpdate();
                    }
                } else if (event instanceof DonationEntity.DonationReceived e) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE donations SET status = 'RECEIVED', amount_msat = ?, "
                            + "finished_at = ? WHERE payment_hash = ?")) {
                        ps.setLong(1, e.amountMsat());
                        ps.setLong(2, e.atMillis());
                        ps.setString(3, e.paymentHash());
                        ps.executeUpdate();
                    }
                    PoolFunds funds = new PoolFunds();
                    funds.add(Split.Fund.PROJECT_FUND, e.amountMsat(), e.atMillis());
                    funds.write(c, "donations");
                } else if (event instanceof DonationEntity.DonationInvoiceExpired e) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE donations SET status = 'EXPIRED', finished_at = ? WHERE payment_hash = ?")) {
                        ps.setLong(1, e.atMillis());
                        ps.setString(2, e.paymentHash());
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
    }
}
