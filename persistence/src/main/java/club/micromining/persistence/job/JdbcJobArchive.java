package club.micromining.persistence.job;

import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobArchive;
import club.micromining.stratum.job.PublishedJob;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.TemplateTransaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The job source's jobs in the cluster's database, one row each, the newest {@code kept} of them: enough for
 * every job a connection may still be mining when the source moves. A job is written as its own compact
 * binary record (a template of 2 000 transactions is about their raw size), not as JSON.
 */
public final class JdbcJobArchive implements JobArchive {
    /** The record's layout; a row of another layout is not read as a job. */
    private static final int FORMAT = 1;

    private final DataSource dataSource;
    private final int kept;

    public JdbcJobArchive(DataSource dataSource, int kept) {
        this.dataSource = dataSource;
        this.kept = kept;
    }

    @Override
    public void keep(Job job) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO job_archive (job_id, made_at, job) VALUES (?, ?, ?)")) {
                insert.setString(1, job.id());
                insert.setLong(2, System.currentTimeMillis());
                insert.setBytes(3, encode(job));
                insert.executeUpdate();
            }
            Long oldestKept = null;
            try (PreparedStatement nth = c.prepareStatement("SELECT made_at FROM job_archive ORDER BY made_at DESC LIMIT 1 OFFSET ?")) {
                nth.setInt(1, kept - 1);
                try (ResultSet rs = nth.executeQuery()) {
                    if (rs.next()) {
                        oldestKept = rs.getLong(1);
                    }
                }
            }
            if (oldestKept != null) {
                try (PreparedStatement prune = c.prepareStatement("DELETE FROM job_archive WHERE made_at < ?")) {
                    prune.setLong(1, oldestKept);
                    prune.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job " + job.id() + " could not be kept in the database: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Job> find(String jobId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job FROM job_archive WHERE job_id = ?")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(decode(rs.getBytes(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job " + jobId + " could not be read from the database: " + e.getMessage(), e);
        }
    }

    @Override
    public OptionalLong lastId() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id FROM job_archive");
             ResultSet rs = ps.executeQuery()) {
            OptionalLong last = OptionalLong.empty();
            while (rs.next()) {
                long id = Long.parseUnsignedLong(rs.getString(1), 16);
                if (last.isEmpty() || Long.compareUnsigned(id, last.getAsLong()) > 0) {
                    last = OptionalLong.of(id);
                }
            }
            return last;
        } catch (SQLException e) {
            throw new IllegalStateException("the kept jobs could not be read from the database: " + e.getMessage(), e);
        }
    }

    static byte[] encode(Job job) {
        PublishedJob p = job.published();
        BlockTemplate t = job.template();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024 + t.transactions().stream().mapToInt(x -> x.data().length + 72).sum());
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeByte(FORMAT);
            out.writeUTF(p.id());
            out.writeLong(t.height());
            bytes(out, t.prevHash());
            out.writeInt(t.version());
            out.writeInt(t.bits());
            out.writeInt(t.curtime());
            out.writeLong(t.coinbaseValue());
            bytes(out, t.witnessCommitment());
            out.writeBoolean(t.newBlock());
            out.writeInt(t.transactions().size());
            for (TemplateTransaction tx : t.transactions()) {
                bytes(out, tx.data());
                bytes(out, tx.txid());
                bytes(out, tx.wtxid());
                out.writeLong(tx.fee());
            }
            out.writeInt(p.version());
            bytes(out, p.coinb1());
            bytes(out, p.coinb2());
            out.writeInt(p.branch().size());
            for (byte[] sibling : p.branch()) {
                bytes(out, sibling);
            }
            out.writeInt(p.extranonce2Size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The job, or null for a record of another layout. */
    static Job decode(byte[] record) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
            if (in.readUnsignedByte() != FORMAT) {
                return null;
            }
            String id = in.readUTF();
            long height = in.readLong();
            byte[] prevHash = bytes(in);
            int version = in.readInt();
            int bits = in.readInt();
            int curtime = in.readInt();
            long coinbaseValue = in.readLong();
            byte[] witnessCommitment = bytes(in);
            boolean newBlock = in.readBoolean();
            int count = in.readInt();
            List<TemplateTransaction> txs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                txs.add(new TemplateTransaction(bytes(in), bytes(in), bytes(in), in.readLong()));
            }
            BlockTemplate template = new BlockTemplate(height, prevHash, version, bits, curtime, coinbaseValue, txs,
                    witnessCommitment, newBlock);
            int jobVersion = in.readInt();
            byte[] coinb1 = bytes(in);
            byte[] coinb2 = bytes(in);
            int siblings = in.readInt();
            List<byte[]> branch = new ArrayList<>(siblings);
            for (int i = 0; i < siblings; i++) {
                branch.add(bytes(in));
            }
            return new Job(id, template, jobVersion, coinb1, coinb2, branch, in.readInt(), System.nanoTime());
        } catch (IOException e) {
            throw new IllegalStateException("a kept job could not be read back: " + e.getMessage(), e);
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
