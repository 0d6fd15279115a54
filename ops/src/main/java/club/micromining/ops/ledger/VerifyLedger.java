package club.micromining.ops.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.persistence.ledger.LedgerVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code verify-ledger FILE-or-URL [--key HEX] [--balances] [--proof FILE-or-URL]}: checks a ledger export
 * offline (a file) or as a node serves it (a URL: its {@code /api/ledger/export}); exits 0 only if every
 * canonical form, hash, link, root, tree head and signature holds, otherwise 1 naming the first bad entry or root.
 */
public final class VerifyLedger {
    private VerifyLedger() {
    }

    public static int run(String[] args, PrintStream out) {
        String source = null;
        String keyHex = null;
        String proof = null;
        boolean balances = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--key" -> keyHex = value(args, ++i, "--key");
                case "--proof" -> proof = value(args, ++i, "--proof");
                case "--balances" -> balances = true;
                default -> {
                    if (args[i].startsWith("--") || source != null) {
                        throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                    }
                    source = args[i];
                }
            }
        }
        if (source == null && proof == null) {
            throw new IllegalArgumentException("verify-ledger needs an export file or a node's URL");
        }
        byte[] key;
        try {
            key = keyHex == null ? null : HexFormat.of().parseHex(keyHex.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key is the ledger's public key in hex (GET /api/ledger/key)");
        }
        if (key != null && key.length != 32) {
            throw new IllegalArgumentException("--key is a 32-byte Ed25519 public key in hex, 64 digits");
        }
        try {
            if (source != null) {
                List<String> lines = read(source, "/api/ledger/export");
                LedgerVerifier.Report r = LedgerVerifier.verify(lines, key);
                out.printf("ledger %s: %d entries, %d period roots, every canonical form, hash, link, root, tree head and signature checked%n",
                        r.origin(), r.entries(), r.roots());
                out.printf("latest signed tree head: %s%n", r.treeRoot() == null ? "none yet" : r.treeRoot());
                if (r.raffleCommitments() > 0) {
                    out.printf("%d raffle commitments recomputed from the ledger's contributions, %d draws from them and their blocks' "
                            + "hashes (check those hashes against Bitcoin)%n", r.raffleCommitments(), r.raffleDraws());
                }
                if (r.projectTallies() > 0) {
                    out.printf("%d project tallies recomputed from the ledger's proposals, votes and work, with the project fund "
                            + "each one spent%n", r.projectTallies());
                }
                if (r.unsealed() > 0) {
                    out.printf("%d entries after the latest root are linked but not yet under a signed tree head%n", r.unsealed());
                }
                if (r.keyFromExport()) {
                    out.println("signatures checked with the key the export names; give --key (GET /api/ledger/key, or the pool's "
                            + "published key) to check that the pool signed them");
                }
                if (balances) {
                    out.println("account balance_msat credited_msat reserved_msat paid_msat fees_msat");
                    r.balances().forEach((account, b) -> out.printf("%s %d %d %d %d %d%n", account, b.balance(), b.credited(),
                            b.reserved(), b.paid(), b.fees()));
                }
            }
            if (proof != null) {
                long seq = LedgerVerifier.verifyProof(Jcs.parse(String.join("\n", read(proof, null))), key);
                out.printf("inclusion proof of entry %d holds%s%n", seq, key == null ? " (checkpoint signature not checked: no --key)" : "");
            }
            return 0;
        } catch (LedgerVerifier.Bad e) {
            out.println("LEDGER DOES NOT VERIFY: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            out.println("LEDGER DOES NOT VERIFY: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            out.println("could not read " + source + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    /** A file's lines, or a URL's body (a node's base URL gets {@code path} appended). */
    private static List<String> read(String source, String path) throws IOException, InterruptedException {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            String url = source;
            if (path != null && !url.contains("/api/")) {
                url = url.replaceAll("/+$", "") + path;
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (r.statusCode() != 200) {
                throw new IOException(url + " answered " + r.statusCode());
            }
            return r.body().lines().toList();
        }
        return Files.readAllLines(Path.of(source), StandardCharsets.UTF_8);
    }
}
