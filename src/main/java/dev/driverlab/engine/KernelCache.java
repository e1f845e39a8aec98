package dev.driverlab.engine;

import dev.driverlab.engine.compile.KernelImage;
import dev.driverlab.engine.compile.Unit;
import dev.driverlab.lang.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The compiled kernel prelude kept on disk between starts, so a CLI run or a server start reads it (tens of
 * milliseconds) instead of compiling the prelude again (about a second of CPU). An image is used only for the very
 * inputs it was compiled from: its file name and its header carry the key, a SHA-256 of the image format, the build
 * (Maven's {@code META-INF/build-info.properties}: every build has its own time), the Java primitives' names in table
 * order (a prototype binds to an index) and every prelude file's name and text. It is written to a temporary file
 * and moved into place, so a reader sees a whole image or none; a CRC-32 over its bytes and a read that must consume
 * exactly them reject a cut or damaged one, which is then compiled and written again. Anything that goes wrong with
 * the cache (no home directory, a read-only disk) only costs the compile it would have saved.
 *
 * <p>Where: the directory {@code -Ddriverlab.kernel-cache=DIR}, by default {@code $XDG_CACHE_HOME/driverlab} or
 * {@code ~/.cache/driverlab}; {@code -Ddriverlab.kernel-cache=off} turns it off. Without build information (classes
 * compiled outside Maven) there is no key that would notice a changed compiler, so there is no cache either.
 */
public final class KernelCache {
    public static final String PROPERTY = "driverlab.kernel-cache";
    private static final int MAGIC = 0x444c4b49; // "DLKI"
    private static final int HEADER = 4 + 4 + 32 + 4 + 8;
    private static final String PREFIX = "vmlinux-";
    private static final String SUFFIX = ".img";

    private final Path dir;
    private final String build;

    /** A cache in {@code dir} for the prelude as this {@code build} compiles it. */
    public KernelCache(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    /** The cache the system properties and the environment ask for; null when it is off or cannot be keyed. */
    public static KernelCache fromEnvironment() {
        String setting = System.getProperty(PROPERTY);
        if (setting != null && (setting.isBlank() || setting.equals("off") || setting.equals("false"))) return null;
        String build = build();
        if (build == null) return null;
        if (setting != null) return new KernelCache(Path.of(setting), build);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return new KernelCache(Path.of(xdg, "driverlab"), build);
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || home.equals("?")) return null;
        return new KernelCache(Path.of(home, ".cache", "driverlab"), build);
    }

    /** This build's identity: its version and time from Maven's build information, or null without it. */
    static String build() {
        try (InputStream in = KernelCache.class.getResourceAsStream("/META-INF/build-info.properties")) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(in);
            String time = p.getProperty("build.time");
            return time == null ? null : p.getProperty("build.version") + "@" + time;
        } catch (IOException e) {
            return null;
        }
    }

    /** The key of a prelude compiled by this build from these inputs (a SHA-256). */
    public byte[] key(List<String> primitives, List<SourceFile> sources) {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has it
        }
        field(d, "format " + KernelImage.FORMAT);
        field(d, build);
        field(d, String.valueOf(primitives.size()));
        for (String p : primitives) field(d, p);
        field(d, String.valueOf(sources.size()));
        for (SourceFile f : sources) {
            field(d, f.name());
            field(d, f.text());
        }
        return d.digest();
    }

    /** Each value with its length first, so no two lists of values hash alike. */
    private static void field(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(ByteBuffer.allocate(4).putInt(b.length).array());
        d.update(b);
    }

    public Path file(byte[] key) {
        return dir.resolve(PREFIX + HexFormat.of().formatHex(key) + SUFFIX);
    }

    /** The unit stored under this key, or null when there is none or it is not a whole, valid image. */
    public Unit load(byte[] key) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file(key));
        } catch (IOException e) {
            return null;
        }
        try {
            return KernelImage.read(payload(bytes, key));
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] payload(byte[] bytes, byte[] key) throws IOException {
        if (bytes.length < HEADER) throw new IOException("short image");
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt() != MAGIC || b.getInt() != KernelImage.FORMAT) throw new IOException("not an image");
        byte[] stored = new byte[32];
        b.get(stored);
        if (!Arrays.equals(stored, key)) throw new IOException("another key");
        int length = b.getInt();
        long crc = b.getLong();
        if (length != b.remaining()) throw new IOException("cut image");
        CRC32 c = new CRC32();
        c.update(bytes, HEADER, length);
        if (c.getValue() != crc) throw new IOException("damaged image");
        return Arrays.copyOfRange(bytes, HEADER, bytes.length);
    }

    /**
     * The prelude compiled from these sources against these primitives: this cache's image of it when there is a
     * valid one, else compiled now and stored for the next start.
     */
    public Unit loadOrCompile(List<String> primitives, List<SourceFile> sources, Supplier<Unit> compile) {
        byte[] key = key(primitives, sources);
        Unit unit = load(key);
        if (unit == null) {
            unit = compile.get();
            store(key, unit);
        }
        return unit;
    }

    /**
     * Writes the unit under this key: to a temporary file in the same directory, then moved over the name, so no
     * reader ever sees half an image. Images of other keys (older builds or preludes) are removed. Failures are
     * ignored: the next start compiles again.
     */
    public void store(byte[] key, Unit unit) {
        byte[] payload = KernelImage.write(unit);
        CRC32 c = new CRC32();
        c.update(payload);
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.putInt(MAGIC)
                .putInt(KernelImage.FORMAT)
                .put(key)
                .putInt(payload.length)
                .putLong(c.getValue());
        b.put(payload);
        Path target = file(key);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, PREFIX, ".tmp");
            Files.write(tmp, b.array());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            removeOthers(target);
        } catch (IOException | RuntimeException e) {
            // no cache this time
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // left for the next store's clean-up
                }
            }
        }
    }

    private void removeOthers(Path keep) throws IOException {
        try (DirectoryStream<Path> images = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path p : images) {
                if (!p.equals(keep)) Files.deleteIfExists(p);
            }
        }
    }
}
