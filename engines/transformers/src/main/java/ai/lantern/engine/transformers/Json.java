package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON files of a package with errors that name the file. */
public final class Json {
  private Json() {}

  /**
   * Reads {@code file} as one JSON object.
   *
   * @param file a JSON file of the package, read as UTF-8; not null
   * @return the file's top-level object
   * @throws InvalidModelException naming the file, if it is missing, unreadable, not valid JSON or not an object
   */
  public static JsonObject readObject(Path file) {
    if (!Files.exists(file) && !Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidModelException(file.getFileName() + " not found in " + file.getParent());
    }
    String problem = PathProblems.problem(file, "file");
    if (problem != null) {
      throw new InvalidModelException(problem);
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      JsonElement e = JsonParser.parseReader(r);
      if (!e.isJsonObject()) {
        throw new InvalidModelException(file + " is not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InvalidModelException(file + " is not valid JSON: " + cause.getMessage(), e);
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + ": " + PathProblems.reason(e), e);
    }
  }
}
