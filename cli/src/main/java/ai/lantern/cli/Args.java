package ai.lantern.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches, checked against what a command accepts. */
final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Map<String, List<String>> repeated = new HashMap<>();

  private Args() {}

  /**
   * The options a subcommand was given, as picocli parsed them: valued options by their long name,
   * switches as flags. {@code --text -} is read from {@code in}, {@code --text-file F} from F.
   *
   * @throws UsageException if the text file cannot be read
   */
  static Args from(picocli.CommandLine.ParseResult parsed, java.io.InputStream in) {
    Args a = new Args();
    for (picocli.CommandLine.Model.OptionSpec o : parsed.matchedOptions()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      String name = o.longestName();
      if (o.arity().max() == 0) {
        a.flags.add(name);
      } else {
        List<String> given = o.originalStringValues();
        a.values.put(name, given.get(given.size() - 1));
        a.repeated.put(name, List.copyOf(given));
      }
    }
    try {
      if ("-".equals(a.values.get("--text"))) {
        a.values.put("--text", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      String file = a.values.remove("--text-file");
      if (file != null) {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of(file), java.nio.charset.StandardCharsets.UTF_8);
        a.values.put("--text", text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
      }
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UsageException("--text-file " + a.values.get("--text-file") + " is not UTF-8 text");
    } catch (java.io.IOException e) {
      throw new UsageException("cannot read the text: " + ai.lantern.engine.transformers.PathProblems.reason(e)
          + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""));
    }
    return a;
  }

  /** Replaces a value: a label as the person wrote it by the label it means. */
  void set(String name, String value) {
    values.put(name, value);
  }

  String get(String name) {
    return values.get(name);
  }

  /** Every value of an option that may be given several times, in order; empty if not given. */
  List<String> all(String name) {
    return repeated.getOrDefault(name, List.of());
  }

  String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException(name + " is required");
    }
    return v;
  }

  boolean has(String flag) {
    return flags.contains(flag);
  }

  /** A command line that cannot be understood: printed with the usage, exit status 2. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
