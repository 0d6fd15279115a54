package club.micromining.pool.facade;

import club.micromining.pool.view.JobView;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.template.TemplateTransaction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a job back the way a miner gets it: the coinbase from its two halves (extranonces zero), parsed
 * field by field, every output with the address it pays. What the dashboard shows is what is hashed.
 */
public final class JobDecoder {
    private static final HexFormat HEX = HexFormat.of();
    /** BIP 141: OP_RETURN, push of 36 bytes, then aa21a9ed. */
    private static final byte[] WITNESS_COMMITMENT_PREFIX = HEX.parseHex("6a24aa21a9ed");
    /** OP_RETURN, push of 36 bytes, "MMSP", then the ledger's tree root. */
    private static final byte[] LEDGER_ROOT_PREFIX = HEX.parseHex("6a244d4d5350");

    private JobDecoder() {
    }

    /**
     * @param extranonce1Size bytes of the per-connection extranonce
     * @param payoutScript    the pool's own payout script, to tell its outputs apart
     * @throws IllegalArgumentException when the coinbase does not parse (a job this node could not have made)
     */
    public static JobView decode(Job job, Network network, int extranonce1Size, byte[] payoutScript) {
        byte[] coinbase = job.coinbase(new byte[extranonce1Size], new byte[job.extranonce2Size()]);
        ByteBuffer b = ByteBuffer.wrap(coinbase).order(ByteOrder.LITTLE_ENDIAN);
        try {
            b.getInt();
            if (varInt(b) != 1) {
                throw new IllegalArgumentException("a coinbase has one input");
            }
            b.position(b.position() + 36);
            byte[] scriptSig = bytes(b, (int) varInt(b));
            b.getInt();
            long outputs = varInt(b);
            List<JobView.Output> out = new ArrayList<>();
            for (long i = 0; i < outputs; i++) {
                long value = b.getLong();
                byte[] script = bytes(b, (int) varInt(b));
                JobView.Kind kind = startsWith(script, WITNESS_COMMITMENT_PREFIX) ? JobView.Kind.WITNESS_COMMITMENT
                        : script.length == 38 && startsWith(script, LEDGER_ROOT_PREFIX) ? JobView.Kind.LEDGER_ROOT
                        : Arrays.equals(script, payoutScript) ? JobView.Kind.PAYOUT : JobView.Kind.OTHER;
                out.add(new JobView.Output(value, HEX.formatHex(script), network.addressOf(script), kind));
            }
            long fees = 0;
            for (TemplateTransaction tx : job.template().transactions()) {
                fees += tx.fee();
            }
            return new JobView(job.id(), job.height(), displayHash(job.template().prevHash()), Job.hex32(job.version()),
                    Job.hex32(job.bits()), job.networkDifficulty(), Instant.ofEpochSecond(Integer.toUnsignedLong(job.ntime())),
                    job.template().transactions().size(), fees, job.template().coinbaseValue(), printable(scriptSig),
                    HEX.formatHex(coinbase), out);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the coinbase of job " + job.id() + " does not parse: " + e, e);
        }
    }

    private static long varInt(ByteBuffer b) {
        int first = Byte.toUnsignedInt(b.get());
        return switch (first) {
            case 0xfd -> Short.toUnsignedInt(b.getShort());
            case 0xfe -> Integer.toUnsignedLong(b.getInt());
            case 0xff -> b.getLong();
            default -> first;
        };
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Block explorers show hashes byte-reversed. */
    static String displayHash(byte[] internal) {
        byte[] r = new byte[internal.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = internal[internal.length - 1 - i];
        }
        return HEX.formatHex(r);
    }

    /** The runs of four or more printable ASCII characters in a script: the pool's tag and any other text. */
    static String printable(byte[] script) {
        StringBuilder all = new StringBuilder();
        StringBuilder run = new StringBuilder();
        for (byte x : script) {
            if (x >= 0x20 && x < 0x7f) {
                run.append((char) x);
                continue;
            }
            if (run.length() >= 4) {
                all.append(all.length() == 0 ? "" : " ").append(run);
            }
            run.setLength(0);
        }
        if (run.length() >= 4) {
            all.append(all.length() == 0 ? "" : " ").append(run);
        }
        return all.toString();
    }
}
