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

  Args(List<String> args, Set<String> valued, Set<String> switches) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a;
      String inline = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        inline = a.substring(eq + 1);
      }
      if (valued.contains(name)) {
        String v = inline;
        if (v == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
          }
          v = args.get(++i);
        }
        if (values.put(name, v) != null) {
          throw new UsageException(name + " given twice");
        }
      } else if (switches.contains(name) && inline == null) {
        flags.add(name);
      } else {
        Set<String> all = new java.util.TreeSet<>(valued);
        all.addAll(switches);
        throw new UsageException("unknown option '" + a + "'; valid options: " + all);
      }
    }
  }

  String get(String name) {
    return values.get(name);
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
