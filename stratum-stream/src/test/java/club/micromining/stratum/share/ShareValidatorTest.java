package club.micromining.stratum.share;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.SolvedBlock;
import club.micromining.stratum.testkit.MainnetBlock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Share validation on real vectors: mainnet block 542213 split into Stratum job fields must hash to its
 * block hash, and an ESP-Miner test share must reach the difficulty the firmware's own test expects.
 */
class ShareValidatorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int ROLLING_MASK = 0x1fffe000;

    /** Block 542213's coinbase without witness (its txid is over these bytes). */
    private static final byte[] COINBASE_542213 = HEX.parseHex(
            "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff5003054608174d696e65"
            + "6420627920416e74506f6f6c393b205ba350dffabe6d6d3a3e92d9efff857664de632e89fa3182f1e793d00be2e71a117b2731"
            + "45945a810400000000000000db250000acba0500ffffffff028a8f814a000000001976a914edf10a7fac6b32e24daa5305c723"
            + "f3de58db1bc888ac0000000000000000266a24aa21a9ed4a657fcaa2149342376247e2e283a55a6b92dcc35d4d89e4ac7b7448"
            + "8cb63be200000000");
    private static final byte[] WITNESS_COMMITMENT_542213 = HEX.parseHex(
            "6a24aa21a9ed4a657fcaa2149342376247e2e283a55a6b92dcc35d4d89e4ac7b74488cb63be2");
    /** coinb1 ends after the height push; 8 bytes of "extranonce1" and 4 of "extranonce2" follow. */
    private static final int COINB1_END = 42 + 4;

    private final MainnetBlock block = MainnetBlock.load("block_542213");
    private final BlockTemplate template = block.template(542213, WITNESS_COMMITMENT_542213);

    private Job job542213() {
        byte[] coinb1 = Arrays.copyOfRange(COINBASE_542213, 0, COINB1_END);
        byte[] coinb2 = Arrays.copyOfRange(COINBASE_542213, COINB1_END + 12, COINBASE_542213.length);
        List<byte[]> branch = List.of(
                HEX.parseHex("d7dadae1f07cb379e7812391eecaba37fdb41a23484482e9a19de94bebacbe66"),
                HEX.parseHex("f3582962cbaaf6a1fd519a17eb98b5e0cc15a973d2c72886365b37f2fe5bb149"));
        return new Job("542213", template, template.version(), coinb1, coinb2, branch, 4, System.nanoTime());
    }

    private static byte[] extranonce1() {
        return Arrays.copyOfRange(COINBASE_542213, COINB1_END, COINB1_END + 8);
    }

    private static byte[] extranonce2() {
        return Arrays.copyOfRange(COINBASE_542213, COINB1_END + 8, COINB1_END + 12);
    }

    @Test
    void mainnetBlockSplitIntoJobFieldsHashesToItsBlockHash() {
        Job job = job542213();
        Submission share = new Submission(extranonce2(), block.time(), block.nonce(), 0);

        ShareOutcome outcome = ShareValidator.validate(job, extranonce1(), share, 0, Difficulty.target(1_000_000));

        assertThat(outcome).isInstanceOf(ShareOutcome.Accepted.class);
        ShareOutcome.Accepted accepted = (ShareOutcome.Accepted) outcome;
        assertThat(BlockHeader.displayHex(accepted.hash()))
                .isEqualTo("000000000000000000143a2c56c0214236dadfd30df41d4a0345492ad6d861ec")
                .isEqualTo(block.hash());
        assertThat(accepted.block()).isTrue();
        assertThat(accepted.header()).isEqualTo(Arrays.copyOf(block.raw(), 80));
    }

    @Test
    void theSolvedBlockSerialisesToTheMainnetBlockByteForByte() {
        Job job = job542213();
        ShareOutcome.Accepted accepted = (ShareOutcome.Accepted) ShareValidator.validate(job, extranonce1(),
                new Submission(extranonce2(), block.time(), block.nonce(), 0), 0, Difficulty.target(1));
        SolvedBlock solved = job.solvedBlock(accepted.header(), extranonce1(), extranonce2());
        assertThat(HEX.formatHex(solved.serialize())).isEqualTo(HEX.formatHex(block.raw()));
        assertThat(solved.hashHex()).isEqualTo(block.hash());
    }

    @Test
    void anyOtherNonceIsNotTheBlock() {
        Job job = job542213();
        ShareOutcome outcome = ShareValidator.validate(job, extranonce1(),
                new Submission(extranonce2(), block.time(), block.nonce() + 1, 0), 0, Difficulty.target(1));
        assertThat(outcome).isEqualTo(new ShareOutcome.Rejected(Rejection.LOW_DIFFICULTY));
    }

    @Test
    void anotherExtranonceGivesAnotherMerkleRoot() {
        Job job = job542213();
        byte[] en2 = extranonce2();
        en2[0] ^= 1;
        ShareOutcome outcome = ShareValidator.validate(job, extranonce1(),
                new Submission(en2, block.time(), block.nonce(), 0), 0, Difficulty.target(1e-10));
        assertThat(((ShareOutcome.Accepted) outcome).block()).isFalse();
    }

    @Test
    void espMinerShareReachesDifficulty683() {
        // ESP-Miner test_mining.c "Test nonce diff checking 2": a real slush pool job, 13 branches.
        List<byte[]> branch = Arrays.stream(new String[] {
                "2b77d9e413e8121cd7a17ff46029591051d0922bd90b2b2a38811af1cb57a2b2",
                "5c8874cef00f3a233939516950e160949ef327891c9090467cead995441d22c5",
                "2d91ff8e19ac5fa69a40081f26c5852d366d608b04d2efe0d5b65d111d0d8074",
                "0ae96f609ad2264112a0b2dfb65624bedbcea3b036a59c0173394bba3a74e887",
                "e62172e63973d69574a82828aeb5711fc5ff97946db10fc7ec32830b24df7bde",
                "adb49456453aab49549a9eb46bb26787fb538e0a5f656992275194c04651ec97",
                "a7bc56d04d2672a8683892d6c8d376c73d250a4871fdf6f57019bcc737d6d2c2",
                "d94eceb8182b4f418cd071e93ec2a8993a0898d4c93bc33d9302f60dbbd0ed10",
                "5ad7788b8c66f8f50d332b88a80077ce10e54281ca472b4ed9bbbbcb6cf99083",
                "9f9d784b33df1b3ed3edb4211afc0dc1909af9758c6f8267e469f5148ed04809",
                "48fd17affa76b23e6fb2257df30374da839d6cb264656a82e34b350722b05123",
                "c4f5ab01913fc186d550c1a28f3f3e9ffaca2016b961a6a751f8cca0089df924",
                "cff737e1d00176dd6bbfa73071adbb370f227cfb5fba186562e4060fcec877e1"}).map(HEX::parseHex).toList();
        byte[] coinb1 = HEX.parseHex("01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4b"
                + "0389130cfabe6d6d5cbab26a2599e92916edec5657a94a0708ddb970f5c45b5d12905085617eff8e");
        byte[] coinb2 = HEX.parseHex("31650707758de07b010000000000001cfd7038212f736c7573682f000000000379ad0c2a000000001976a914"
                + "7c154ed1dc59609e3d26abb2df2ea3d587cd8c4188ac00000000000000002c6a4c2952534b424c4f434b3ae725d3994b811572c1f3"
                + "45deb98b56b465ef8e153ecbbd27fa37bf1b005161380000000000000000266a24aa21a9ed63b06a7946b190a3fda1d76165b25c9b"
                + "883bcc6621b040773050ee2a1bb18f1800000000");
        byte[] prev = BlockHeader.fromDisplayHex("0000000000000000000543523df2a465c22eb711a57452faa34983730c859545");
        BlockTemplate t = new BlockTemplate(791_945, prev, 0x20000004, 0x1705ae3a, 0x647025b5, 0, List.of(), null, true);
        Job job = new Job("esp", t, 0x20000004, coinb1, coinb2, branch, 4, System.nanoTime());
        assertThat(Job.stratumPrevHash(prev)).isEqualTo("0c859545a3498373a57452fac22eb7113df2a465000543520000000000000000");

        byte[] en1 = HEX.parseHex("01000000");
        Submission share = new Submission(HEX.parseHex("00000000"), 0x647025b5, 0x0a029ed1, 0);
        ShareOutcome atPoolDifficulty = ShareValidator.validate(job, en1, share, ROLLING_MASK, Difficulty.target(512));
        assertThat(atPoolDifficulty).isInstanceOf(ShareOutcome.Accepted.class);
        ShareOutcome.Accepted accepted = (ShareOutcome.Accepted) atPoolDifficulty;
        assertThat(HEX.formatHex(Arrays.copyOfRange(accepted.header(), 36, 68)))
                .isEqualTo("5bdc1968499c3393873edf8e07a1c3a50a97fc3a9d1a376bbf77087dd63778eb");
        assertThat(accepted.hashDifficulty()).isCloseTo(683.51, within(0.01));
        assertThat(accepted.block()).isFalse();

        assertThat(ShareValidator.validate(job, en1, share, ROLLING_MASK, Difficulty.target(1024)))
                .isEqualTo(new ShareOutcome.Rejected(Rejection.LOW_DIFFICULTY));
    }

    @Test
    void rolledVersionBitsGoIntoTheHeaderUnderTheMask() {
        Job job = job542213();
        Submission rolled = new Submission(extranonce2(), block.time(), block.nonce(), 0x0a966000);
        ShareOutcome outcome = ShareValidator.validate(job, extranonce1(), rolled, ROLLING_MASK, Difficulty.target(1e-10));
        ShareOutcome.Accepted accepted = (ShareOutcome.Accepted) outcome;
        assertThat(BlockHeader.readLe(accepted.header(), 0)).isEqualTo(0x2a966000);
        assertThat(accepted.block()).isFalse();
    }

    @Test
    void versionBitsOutsideTheMaskAreRefused() {
        Job job = job542213();
        Target any = Difficulty.target(1e-10);
        Submission outside = new Submission(extranonce2(), block.time(), block.nonce(), 0x00001000);
        assertThat(ShareValidator.validate(job, extranonce1(), outside, ROLLING_MASK, any))
                .isEqualTo(new ShareOutcome.Rejected(Rejection.VERSION_OUT_OF_MASK));
        Submission withoutNegotiation = new Submission(extranonce2(), block.time(), block.nonce(), 0x00002000);
        assertThat(ShareValidator.validate(job, extranonce1(), withoutNegotiation, 0, any))
                .isEqualTo(new ShareOutcome.Rejected(Rejection.VERSION_OUT_OF_MASK));
    }

    @Test
    void ntimeMustNotGoBackOrTooFarAhead() {
        Job job = job542213();
        Target any = Difficulty.target(1e-10);
        assertThat(ShareValidator.validate(job, extranonce1(), new Submission(extranonce2(), block.time() - 1, 1, 0), 0, any))
                .isEqualTo(new ShareOutcome.Rejected(Rejection.NTIME_OUT_OF_RANGE));
        assertThat(ShareValidator.validate(job, extranonce1(),
                new Submission(extranonce2(), block.time() + ShareValidator.MAX_NTIME_AHEAD_SECONDS + 1, 1, 0), 0, any))
                .isEqualTo(new ShareOutcome.Rejected(Rejection.NTIME_OUT_OF_RANGE));
        assertThat(ShareValidator.validate(job, extranonce1(), new Submission(extranonce2(), block.time() + 248, 1, 0), 0, any))
                .isInstanceOf(ShareOutcome.Accepted.class);
    }

    @Test
    void extranonce2MustHaveTheAnnouncedSize() {
        Job job = job542213();
        assertThat(ShareValidator.validate(job, extranonce1(), new Submission(new byte[3], block.time(), 1, 0), 0,
                Difficulty.target(1e-10))).isEqualTo(new ShareOutcome.Rejected(Rejection.BAD_EXTRANONCE2));
    }
}
