package ai.lantern.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How well predictions match true labels, as scikit-learn's {@code classification_report} and
 * {@code confusion_matrix} compute them: per class precision, recall, F1 and support, accuracy,
 * and the macro (unweighted) and weighted (by support) averages. The classes are the sorted
 * union of the true and predicted labels (scikit-learn's {@code unique_labels}); a precision or
 * recall whose denominator is 0 counts as 0 (scikit-learn's {@code zero_division="warn"} value).
 *
 * @param labels the classes, sorted
 * @param perClass one row per class, in {@code labels} order
 * @param accuracy the share of rows predicted right
 * @param macro the unweighted mean of the per-class scores (support: all rows)
 * @param weighted the support-weighted mean of the per-class scores (support: all rows)
 * @param confusion {@code confusion[i][j]} rows of true class {@code i} predicted as class {@code j}
 */
public record ClassificationReport(List<String> labels, List<Scores> perClass, double accuracy, Scores macro,
    Scores weighted, long[][] confusion) {

  /**
   * The scores of one class, or of an average.
   *
   * @param label the class, or {@code macro avg} / {@code weighted avg}
   * @param precision right predictions of the class over all predictions of it
   * @param recall right predictions of the class over all rows of it
   * @param f1 the harmonic mean of precision and recall (0 when both are 0)
   * @param support the rows of the class (all rows, for an average)
   */
  public record Scores(String label, double precision, double recall, double f1, long support) {}

  /**
   * The report of {@code predicted} against {@code truth}, row by row.
   *
   * @param truth the true label of each row
   * @param predicted the predicted label of each row
   * @return the report
   * @throws IllegalArgumentException if the lists differ in length or are empty
   */
  public static ClassificationReport of(List<String> truth, List<String> predicted) {
    Objects.requireNonNull(truth, "truth");
    Objects.requireNonNull(predicted, "predicted");
    if (truth.size() != predicted.size()) {
      throw new IllegalArgumentException(truth.size() + " true labels but " + predicted.size() + " predictions");
    }
    if (truth.isEmpty()) {
      throw new IllegalArgumentException("no rows to evaluate");
    }
    TreeSet<String> all = new TreeSet<>(truth);
    all.addAll(predicted);
    List<String> labels = List.copyOf(all);
    int k = labels.size();
    long[][] confusion = new long[k][k];
    for (int r = 0; r < truth.size(); r++) {
      confusion[labels.indexOf(truth.get(r))][labels.indexOf(predicted.get(r))]++;
    }
    long n = truth.size();
    long right = 0;
    List<Scores> rows = new ArrayList<>();
    double[] sum = new double[3];
    double[] weightedSum = new double[3];
    for (int i = 0; i < k; i++) {
      long tp = confusion[i][i];
      long support = 0;
      long predictedAs = 0;
      for (int j = 0; j < k; j++) {
        support += confusion[i][j];
        predictedAs += confusion[j][i];
      }
      right += tp;
      double precision = predictedAs == 0 ? 0 : (double) tp / predictedAs;
      double recall = support == 0 ? 0 : (double) tp / support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      rows.add(new Scores(labels.get(i), precision, recall, f1, support));
      sum[0] += precision;
      sum[1] += recall;
      sum[2] += f1;
      weightedSum[0] += precision * support;
      weightedSum[1] += recall * support;
      weightedSum[2] += f1 * support;
    }
    Scores macro = new Scores("macro avg", sum[0] / k, sum[1] / k, sum[2] / k, n);
    Scores weighted = new Scores("weighted avg", weightedSum[0] / n, weightedSum[1] / n, weightedSum[2] / n, n);
    return new ClassificationReport(labels, rows, (double) right / n, macro, weighted, confusion);
  }

  /**
   * The report laid out as scikit-learn prints it, then the confusion matrix.
   *
   * @return lines for a terminal, without control characters from the labels
   */
  public String toText() {
    int width = Math.max(12, labels.stream().mapToInt(String::length).max().orElse(0));
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%" + width + "s %9s %9s %9s %9s%n%n", "",
        "precision", "recall", "f1-score", "support"));
    for (Scores r : perClass) {
      row(s, width, r);
    }
    long n = macro.support();
    s.append(String.format(Locale.ROOT, "%n%" + width + "s %9s %9s %9.2f %9d%n", "accuracy", "", "", accuracy, n));
    row(s, width, macro);
    row(s, width, weighted);
    s.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: true, columns: predicted; order %s)%n", labels));
    for (long[] r : confusion) {
      StringBuilder line = new StringBuilder();
      for (long v : r) {
        line.append(String.format(Locale.ROOT, "%8d", v));
      }
      s.append(line).append('\n');
    }
    return s.toString();
  }

  private static void row(StringBuilder s, int width, Scores r) {
    s.append(String.format(Locale.ROOT, "%" + width + "s %9.2f %9.2f %9.2f %9d%n", r.label(), r.precision(),
        r.recall(), r.f1(), r.support()));
  }

  /**
   * The report as an XHTML section: the per-class table with the averages, and the confusion
   * matrix.
   *
   * @return escaped XHTML, for {@link HtmlReport}
   */
  String toXhtml() {
    StringBuilder h = new StringBuilder("<section><h2>Evaluation</h2><table class=\"ti\"><thead><tr><th></th>"
        + "<th>precision</th><th>recall</th><th>f1-score</th><th>support</th></tr></thead><tbody>");
    List<Scores> all = new ArrayList<>(perClass);
    all.add(macro);
    all.add(weighted);
    for (Scores r : all) {
      h.append("<tr><th>").append(Xml.escape(r.label())).append("</th>")
          .append(String.format(Locale.ROOT, "<td>%.4f</td><td>%.4f</td><td>%.4f</td><td>%d</td></tr>", r.precision(),
              r.recall(), r.f1(), r.support()));
    }
    h.append(String.format(Locale.ROOT, "<tr><th>accuracy</th><td colspan=\"3\">%.4f</td><td>%d</td></tr>", accuracy,
        macro.support()));
    h.append("</tbody></table><h3>Confusion matrix (rows: true, columns: predicted)</h3><table class=\"ti\"><thead>"
        + "<tr><th></th>");
    for (String l : labels) {
      h.append("<th>").append(Xml.escape(l)).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (int i = 0; i < labels.size(); i++) {
      h.append("<tr><th>").append(Xml.escape(labels.get(i))).append("</th>");
      for (long v : confusion[i]) {
        h.append("<td>").append(v).append("</td>");
      }
      h.append("</tr>");
    }
    return h.append("</tbody></table></section>").toString();
  }
}
