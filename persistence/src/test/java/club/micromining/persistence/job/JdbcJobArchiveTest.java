package club.micromining.persistence.job;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.SolvedBlock;
import club.micromining.stratum.template.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The job source's jobs kept whole in the cluster's database, on H2 and PostgreSQL. */
class JdbcJobArchiveTest {
    private static final JobFactory FACTORY = new JobFactory(new CoinbaseLayout(
            Network.REGTEST.outputScript("bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9"), new byte[] {'t'}, 8, 4), 0x1fffe000);

    /** A template of {@code n} transactions of random bytes (the archive does not parse them). */
    private static BlockTemplate template(long height, int n, Random random) {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] data = new byte[100 + random.nextInt(300)];
            random.nextBytes(data);
            byte[] txid = Sha256d.hash(data);
            txs.add(new TemplateTransaction(data, txid, i % 2 == 0 ? txid : Sha256d.hash(txid), 100 + i));
        }
        byte[] prev = new byte[32];
        random.nextBytes(prev);
        byte[] commitment = new byte[38];
        random.nextBytes(commitment);
        return new BlockTemplate(height, prev, 0x20000000, 0x1d00ffff, 1_700_000_000, 312_500_000L + n, txs, commitment, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void aKeptJobComesBackWholeAndOnlyTheNewestAreKept(String name, DatabaseSettings settings) throws Exception {
        Random random = new Random(7);
        try (Database db = Database.open(settings)) {
            JdbcJobArchive archive = new JdbcJobArchive(db.dataSource(), 3);
            assertThat(archive.lastId()).isEmpty();
            List<Job> made = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Job job = FACTORY.build(Long.toHexString(0x6500_0000_0000L + i), template(100 + i, i == 4 ? 2000 : 3, random), System.nanoTime());
                archive.keep(job);
                made.add(job);
                Thread.sleep(3);
            }
            assertThat(archive.find(made.get(0).id())).as("beyond the newest 3").isEmpty();
            assertThat(archive.find(made.get(1).id())).isEmpty();
            assertThat(archive.find("ffff")).isEmpty();

            Job big = made.get(4);
            Job back = new JdbcJobArchive(db.dataSource(), 3).find(big.id()).orElseThrow();
            assertThat(back.id()).isEqualTo(big.id());
            assertThat(back.notifyMessage()).as("the same Stratum job").isEqualTo(big.notifyMessage());
            byte[] en1 = {0, 1, 0, 0, 0, 0, 0, 9};
            byte[] en2 = {4, 3, 2, 1};
            assertThat(back.merkleRoot(en1, en2)).isEqualTo(big.merkleRoot(en1, en2));
            byte[] header = big.header(big.merkleRoot(en1, en2), big.ntime(), 12345, big.version());
            SolvedBlock original = big.solvedBlock(header, en1, en2);
            SolvedBlock rebuilt = back.solvedBlock(header, en1, en2);
            assertThat(rebuilt.serialize()).as("the same block, byte for byte, with its 2 000 transactions")
                    .isEqualTo(original.serialize());
            assertThat(rebuilt.template().coinbaseValue()).isEqualTo(big.template().coinbaseValue());
            assertThat(rebuilt.template().transactions().get(1999).fee()).isEqualTo(big.template().transactions().get(1999).fee());
            assertThat(archive.find(made.get(2).id())).isPresent();
            assertThat(archive.lastId()).hasValue(0x6500_0000_0004L);
        }
    }
}
