package ai.lantern.cli;

import ai.lantern.core.LanternException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code lantern} command line. Results go to standard output, logs and errors to standard error. */
public final class Main {
  private final PrintStream out;

  private final PrintStream err;

  private final java.io.InputStream in;

  Main(PrintStream out, PrintStream err) {
    this(out, err, System.in);
  }

  Main(PrintStream out, PrintStream err, java.io.InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  /**
   * Runs a command and exits the JVM with its status.
   *
   * @param args the command line, e.g. {@code explain --text "a fine film"}
   */
  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  /**
   * Runs a command in this JVM, for programs that embed the command line (a job on a cluster, a
   * test): output and errors go to the given streams, and the JVM goes on.
   *
   * @param out where the command prints its results
   * @param err where it prints progress and errors
   * @param args the command line, e.g. {@code explain-dataset --input rows.csv --column text --out dir}
   * @return the exit status: 0 success, 1 error, 2 bad command line
   */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    return new Main(out, err, java.io.InputStream.nullInputStream()).run(args);
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  java.io.InputStream in() {
    return in;
  }

  /** Runs one command; returns the exit status (0 success, 1 failure, 2 bad command line). */
  int run(String[] args) {
    Commands.Lantern top = new Commands.Lantern(this);
    picocli.CommandLine cl = new picocli.CommandLine(top);
    cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8),
        true));
    cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, java.nio.charset.StandardCharsets.UTF_8),
        true));
    cl.setParameterExceptionHandler((e, given) -> usageError(e.getCommandLine(), describe(e)));
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof Args.UsageException) {
        return usageError(command, e.getMessage());
      }
      err.println("lantern: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if (top.debug) {
        e.printStackTrace(err);
      } else if (!(e instanceof LanternException || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException || e instanceof UncheckedIOException)) {
        err.println("lantern: (an unexpected " + e.getClass().getSimpleName() + "; --debug prints its stack trace)");
      }
      return 1;
    });
    if (args.length == 0) {
      cl.usage(err);
      return 2;
    }
    return cl.execute(args);
  }

  /** A bad command line in words: what is unknown, missing or clashing, and what would do. */
  private static String describe(picocli.CommandLine.ParameterException e) {
    picocli.CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (e instanceof picocli.CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      String suggestion = u.getSuggestions().isEmpty() ? "" : " (did you mean " + String.join(" or ",
          u.getSuggestions()) + "?)";
      if (first.startsWith("-")) {
        java.util.TreeSet<String> valid = new java.util.TreeSet<>();
        spec.options().forEach(o -> valid.add(o.longestName()));
        return "unknown option '" + first + "'" + suggestion + "; valid options: " + valid;
      }
      if (spec.parent() == null) {
        return "unknown command '" + first + "'" + suggestion + "; commands: " + spec.subcommands().keySet();
      }
      return "unexpected argument '" + first + "' (every value follows its option, e.g. --text \"...\")";
    }
    if (e instanceof picocli.CommandLine.MissingParameterException m) {
      List<String> names = m.getMissing().stream().map(a -> a instanceof picocli.CommandLine.Model.OptionSpec o
          ? o.longestName() : a.paramLabel()).toList();
      return names.size() == 1 ? names.get(0) + " is required" : "give one of " + String.join(", ", names);
    }
    if (e instanceof picocli.CommandLine.MutuallyExclusiveArgsException) {
      return e.getMessage().replaceFirst("^Error: ", "").replaceAll("=[A-Z]+", "");
    }
    return e.getMessage();
  }

  /** The one line that matters, and where to read more: the short usage of a bad command line. */
  private int usageError(picocli.CommandLine command, String message) {
    err.println("lantern: " + message);
    err.println("Usage: " + command.getCommandSpec().qualifiedName() + " [OPTIONS]; see '"
        + command.getCommandSpec().qualifiedName() + " --help'");
    return 2;
  }

  int predict(Args a) {
    if (a.get("--image") != null) {
      return new ImageCommand(out, err, in).predict(a);
    }
    return new DataCommands(out, err, in).predict(a);
  }

  int explain(Args a) {
    if ("image".equals(a.get("--task")) && a.get("--image") == null) {
      throw new Args.UsageException("--task image needs --image FILE");
    }
    if (a.get("--image") != null) {
      return new ImageCommand(out, err, in).explain(a);
    }
    return new ExplainCommand(out, err, in).explain(a);
  }

  int explainDataset(Args a) {
    return new DataCommands(out, err, in).explainDataset(a);
  }

  /** Serves Lantern Studio until the JVM is stopped. */
  int studio(Args a) {
    ai.lantern.studio.Studio.Builder b = ai.lantern.studio.Studio.builder();
    List<String> models = a.all("--model");
    if (models.isEmpty()) {
      b.addEmbeddedModel();
    }
    models.forEach(m -> b.addModel(java.nio.file.Path.of(m)));
    int port = a.get("--port") == null ? 8080 : CommandBase.intArg(a, "--port");
    b.optAddress(a.get("--host") == null ? "127.0.0.1" : a.get("--host"), port);
    int runs = a.get("--runs-per-model") == null ? 1 : Methods.atLeast(a, "--runs-per-model", 1);
    int queue = a.get("--queue") == null ? 8 : Methods.atLeast(a, "--queue", 0);
    b.optConcurrency(runs, queue);
    if (a.get("--max-deadline") != null) {
      b.optMaxDeadline(CommandBase.duration(a.get("--max-deadline")));
    }
    if (a.get("--threads") != null) {
      b.optThreads(Methods.atLeast(a, "--threads", 1));
    }
    ai.lantern.studio.Studio studio = b.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(studio::close, "lantern-studio-stop"));
    out.println("Lantern Studio: " + studio.uri() + "  (Ctrl-C stops it)");
    out.flush();
    try {
      studio.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  int probe(Args a) {
    return new DataCommands(out, err, in).probe(a);
  }
}
