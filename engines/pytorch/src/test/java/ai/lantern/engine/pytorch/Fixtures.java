package ai.lantern.engine.pytorch;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Locations of the committed fixture models and golden files. */
final class Fixtures {
  private Fixtures() {}

  static Path modelsDir() {
    String dir = System.getProperty("lantern.models.dir");
    if (dir == null) {
      throw new IllegalStateException("system property lantern.models.dir is not set (run the tests with Maven)");
    }
    return Path.of(dir);
  }

  static Path model(String name) {
    Path p = modelsDir().resolve(name);
    // Fixtures are committed: a missing one is a broken checkout, never a reason to skip.
    if (!Files.isDirectory(p)) {
      throw new IllegalStateException("fixture " + p + " is missing; the models/ folder of the repository holds it");
    }
    return p;
  }

  static JsonObject golden(String name) {
    try (Reader r = new InputStreamReader(Fixtures.class.getResourceAsStream("/golden/" + name + ".json"),
        StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(r).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path resource(String path) {
    try {
      return Path.of(Fixtures.class.getResource("/" + path).toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A writable copy of a fixture package, for tests that break it. */
  static Path copy(String name, Path target) {
    try (Stream<Path> files = Files.list(model(name))) {
      Files.createDirectories(target);
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
