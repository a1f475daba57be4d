package ai.lantern.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Model packages that travel inside this jar, so that the demo and the quick start work with
 * nothing on disk. libtorch loads models from files, so a package is copied once into a cache
 * directory named after its content hash and reused from there.
 *
 * <p>The cache is {@code $LANTERN_CACHE_DIR}, else the system property {@code lantern.cache.dir},
 * else {@code ~/.lantern/cache}.
 */
public final class EmbeddedModels {
  /** The default model: binary sentiment (NEGATIVE/POSITIVE) trained on SST-2. */
  public static final String SST2_TINY = "sst2-tiny";

  private static final List<String> NAMES = List.of(SST2_TINY);
  private static final List<String> FILES = List.of("model.pt", "tokenizer.json", "config.json", "README.md");

  private EmbeddedModels() {}

  /**
   * Names of the embedded packages, each a valid argument of {@link #path(String)}.
   *
   * @return the names, unmodifiable and never empty
   */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The directory of embedded package {@code name}, extracted if needed.
   *
   * @param name one of {@link #names()}, such as {@link #SST2_TINY}
   * @return the cache directory holding the package's files; safe to load from, not to edit
   * @throws IllegalArgumentException if no package of that name is embedded
   * @throws UncheckedIOException if the cache directory cannot be written
   */
  public static Path path(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("no embedded model '" + name + "'; embedded: " + NAMES);
    }
    try {
      byte[][] contents = new byte[FILES.size()][];
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < FILES.size(); i++) {
        contents[i] = read(name, FILES.get(i));
        digest.update(FILES.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update(contents[i]);
      }
      String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
      Path target = cacheDir().resolve("models").resolve(name + "-" + hash);
      if (Files.isDirectory(target)) {
        if (intact(target, contents)) {
          return target;
        }
        // A copy cut short (disk full, a kill mid-copy) or edited: set it aside and extract again.
        Path damaged = target.resolveSibling(target.getFileName() + ".damaged-" + System.nanoTime());
        try {
          Files.move(target, damaged, StandardCopyOption.ATOMIC_MOVE);
          deleteTree(damaged);
        } catch (IOException e) {
          if (Files.isDirectory(target) && intact(target, contents)) {
            return target; // another process repaired it first
          }
          throw e;
        }
      }
      Files.createDirectories(target.getParent());
      Path staging = Files.createTempDirectory(target.getParent(), name + ".tmp");
      for (int i = 0; i < FILES.size(); i++) {
        Files.write(staging.resolve(FILES.get(i)), contents[i]);
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // Another process extracted the same content first; its copy is identical.
        deleteTree(staging);
      } catch (IOException e) {
        if (!Files.isDirectory(target)) {
          throw e;
        }
        deleteTree(staging);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract embedded model " + name + " into " + cacheDir()
          + " (set LANTERN_CACHE_DIR to a writable directory)", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether every file of the extracted copy has exactly the embedded content. */
  private static boolean intact(Path dir, byte[][] contents) throws IOException {
    for (int i = 0; i < FILES.size(); i++) {
      Path f = dir.resolve(FILES.get(i));
      if (!Files.isRegularFile(f) || Files.size(f) != contents[i].length
          || !java.util.Arrays.equals(Files.readAllBytes(f), contents[i])) {
        return false;
      }
    }
    return true;
  }

  static Path cacheDir() {
    String env = System.getenv("LANTERN_CACHE_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String prop = System.getProperty("lantern.cache.dir");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    return Path.of(System.getProperty("user.home"), ".lantern", "cache");
  }

  private static byte[] read(String name, String file) throws IOException {
    String resource = "/ai/lantern/models/" + name + "/" + file;
    try (InputStream in = EmbeddedModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + resource + " is missing from the lantern-models jar");
      }
      return in.readAllBytes();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
