package ai.lantern.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Held-out texts from ../shared/data (see its README), for reports only; CI never needs them. */
final class SharedData {
  private SharedData() {}

  /** (text, label) rows of SST-2's test.tsv, labels as NEGATIVE/POSITIVE. */
  static List<String[]> sst2Test() {
    List<String[]> rows = new ArrayList<>();
    List<String> lines = lines("sst2/test.tsv");
    for (String line : lines.subList(1, lines.size())) {
      String[] p = line.split("\t");
      if (p.length == 2) {
        rows.add(new String[] {p[0].trim(), p[1].trim().equals("1") ? "POSITIVE" : "NEGATIVE"});
      }
    }
    return rows;
  }

  /** (text, label) rows of AG News' test.tsv. */
  static List<String[]> agnewsTest() {
    List<String[]> rows = new ArrayList<>();
    for (String line : lines("agnews/test.tsv")) {
      String[] p = line.split("\t");
      if (p.length == 2) {
        rows.add(new String[] {p[0].trim(), p[1].trim()});
      }
    }
    return rows;
  }

  private static List<String> lines(String file) {
    Path p = Path.of(System.getProperty("lantern.data.dir", "../shared/data"), file);
    try {
      return Files.readAllLines(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p.toAbsolutePath() + " (set -Dlantern.data.dir)", e);
    }
  }
}
