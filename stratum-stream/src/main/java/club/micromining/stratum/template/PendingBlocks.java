package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.BlockHeader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Found blocks that bitcoind has not answered yet, one file per block in a directory under the pool's
 * data directory, so that neither a crash nor a stop loses one: {@code <hash>.hex} is the block exactly
 * as {@code submitblock} takes it (an operator can send it by hand with
 * {@code bitcoin-cli submitblock $(cat <hash>.hex)}), and {@code <hash>.json} says who found it and what
 * the coinbase claims, so the verdict can still be credited after a restart. A block is pending while
 * its {@code .hex} exists.
 */
final class PendingBlocks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEX_SUFFIX = ".hex";
    private static final String META_SUFFIX = ".json";
    private static final String TMP_SUFFIX = ".tmp";

    private final Path dir;

    /** A block left pending by an earlier run; {@code finder} is null when its {@code .json} is missing. */
    record Pending(String hash, String hex, String finder, long height, long coinbaseValue) {

        /**
         * The template fields the block was built on, read back from its header; the transactions are not
         * kept (the listener only needs the height, target and coinbase value).
         */
        BlockTemplate template() {
            byte[] header = HexFormat.of().parseHex(hex.substring(0, BlockHeader.SIZE * 2));
            byte[] prev = new byte[32];
            System.arraycopy(header, 4, prev, 0, 32);
            return new BlockTemplate(height, prev, BlockHeader.readLe(header, 0), BlockHeader.readLe(header, 72),
                    BlockHeader.readLe(header, 68), coinbaseValue, List.of(), null, false);
        }
    }

    /** Creates the directory; one that cannot be made stops start-up. */
    PendingBlocks(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir + " for found blocks waiting for bitcoind (POOL_DATA_DIR): "
                    + e.getMessage(), e);
        }
    }

    Path fileOf(String hash) {
        return dir.resolve(hash + HEX_SUFFIX);
    }

    /** Writes the block and its finder, each synced to the disk, before bitcoind is asked. */
    void save(String hash, String hex, String finder, long height, long coinbaseValue) throws IOException {
        String meta = JSON.createObjectNode().put("finder", finder).put("height", height).put("coinbaseValue", coinbaseValue)
                .toString();
        // The .json first: a .hex found at start-up then always has its finder beside it.
        write(dir.resolve(hash + META_SUFFIX), meta);
        write(fileOf(hash), hex);
        syncDirectory();
    }

    /** Forgets a block once bitcoind gave a definite answer. */
    void remove(String hash) throws IOException {
        Files.deleteIfExists(fileOf(hash));
        Files.deleteIfExists(dir.resolve(hash + META_SUFFIX));
    }

    /**
     * The blocks earlier runs left pending; half-written files of a crash are cleared away. A directory
     * that cannot be read stops start-up.
     */
    /** How many blocks are pending now. */
    int count() {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(HEX_SUFFIX)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    List<Pending> load() {
        List<Pending> pending = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(TMP_SUFFIX)) {
                    Files.deleteIfExists(f);
                } else if (name.endsWith(META_SUFFIX)) {
                    if (!Files.exists(dir.resolve(name.substring(0, name.length() - META_SUFFIX.length()) + HEX_SUFFIX))) {
                        Files.deleteIfExists(f);
                    }
                } else if (name.endsWith(HEX_SUFFIX)) {
                    pending.add(read(name.substring(0, name.length() - HEX_SUFFIX.length()), f));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the found blocks waiting in " + dir + " (POOL_DATA_DIR): "
                    + e.getMessage(), e);
        }
        return pending;
    }

    private Pending read(String hash, Path hexFile) throws IOException {
        String hex = Files.readString(hexFile, StandardCharsets.US_ASCII).trim();
        try {
            JsonNode meta = JSON.readTree(Files.readString(dir.resolve(hash + META_SUFFIX), StandardCharsets.UTF_8));
            return new Pending(hash, hex, meta.path("finder").asText(null), meta.path("height").asLong(),
                    meta.path("coinbaseValue").asLong());
        } catch (NoSuchFileException e) {
            return new Pending(hash, hex, null, -1, 0);
        }
    }

    private static void write(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the renames themselves durable (a file's own sync does not cover its directory entry). */
    private void syncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
