package ai.lantern.reports;

import ai.lantern.core.Comparison;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.EntitySpan;
import ai.lantern.core.Explanation;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.core.TokenPrediction;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.Span;
import ai.lantern.core.TargetExplanation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A self-contained HTML page (no external scripts, fonts or styles) showing one or more
 * explanations: transformers-interpret's table (true label, predicted label with probability,
 * attribution label, attribution score, the text with every feature highlighted green or red by
 * its score), a scale legend, the class probabilities, a bar chart of the top features and the
 * diagnostics. Everything that comes from the user's text or the model's labels is escaped. The
 * page is XHTML: any XML parser reads it.
 */
public final class HtmlReport {
  private static final int TOP_FEATURES = 20;

  /**
   * One explanation of one text.
   *
   * @param text the explained text, as given (spans index into it)
   * @param explanation the explanation
   * @param trueLabel the known label of the text, or {@code null}
   * @param pair the second text of a sentence pair (features of sequence 1 index into it), or
   *     {@code null}
   */
  public record Entry(String text, Explanation explanation, String trueLabel, String pair) {
    /**
     * Checks that the text and the explanation are present.
     *
     * @param text the explained text, as given (spans index into it); not null
     * @param explanation the explanation; not null
     * @param trueLabel the known label of the text, or {@code null}
     * @param pair the second text of a sentence pair, or {@code null}
     * @throws NullPointerException if {@code text} or {@code explanation} is null
     */
    public Entry {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * An entry of a single text, not a pair.
     *
     * @param text the explained text, as given (spans index into it); not null
     * @param explanation the explanation; not null
     * @param trueLabel the known label of the text, or {@code null}
     * @throws NullPointerException if {@code text} or {@code explanation} is null
     */
    public Entry(String text, Explanation explanation, String trueLabel) {
      this(text, explanation, trueLabel, null);
    }
  }

  private final String title;
  private final List<Entry> entries = new ArrayList<>();
  private final List<String> extraSections = new ArrayList<>();

  /**
   * An empty report.
   *
   * @param title the page's title and top heading; not null (escaped like everything else)
   * @throws NullPointerException if {@code title} is null
   */
  public HtmlReport(String title) {
    this.title = Objects.requireNonNull(title, "title");
  }

  /**
   * Adds an explanation; several are shown one after the other, one section per explained class.
   *
   * @param text the explained text, as given to the explainer (spans index into it); not null
   * @param explanation its explanation; not null
   * @param trueLabel the known label of the text, or {@code null} (shown as a dash)
   * @return this report
   * @throws NullPointerException if {@code text} or {@code explanation} is null
   */
  public HtmlReport add(String text, Explanation explanation, String trueLabel) {
    entries.add(new Entry(text, explanation, trueLabel));
    return this;
  }

  /**
   * Adds an explanation of a text whose true label is unknown.
   *
   * @param text the explained text, as given to the explainer (spans index into it); not null
   * @param explanation its explanation; not null
   * @return this report
   * @throws NullPointerException if {@code text} or {@code explanation} is null
   */
  public HtmlReport add(String text, Explanation explanation) {
    return add(text, explanation, null);
  }

  /**
   * Adds the explanation of a sentence pair: each text highlighted by its own features.
   *
   * @param text the pair's first text (features of sequence 0 index into it); not null
   * @param pair the pair's second text (features of sequence 1 index into it); not null
   * @param explanation the explanation of the pair; not null
   * @return this report
   * @throws NullPointerException if a parameter is null
   */
  public HtmlReport addPair(String text, String pair, Explanation explanation) {
    entries.add(new Entry(text, explanation, null, Objects.requireNonNull(pair, "pair")));
    return this;
  }

  /**
   * Adds a token-classification result: the text with its entities marked, every word's label,
   * and for each explained token the text highlighted by that token's attributions.
   *
   * @param e the result; not null
   * @return this report
   */
  public HtmlReport addTokens(TokenClassificationExplanation e) {
    StringBuilder h = new StringBuilder("<section>\n<h2>").append(Xml.escape(e.method().toUpperCase(Locale.ROOT)))
        .append(": token classification</h2>\n<p class=\"text\">");
    int pos = 0;
    for (EntitySpan entity : e.entities()) {
      h.append(Xml.escape(e.text().substring(pos, entity.span().start())))
          .append("<mark class=\"entity\" title=\"").append(Xml.escape(entity.type() + " " + fmt("%.3f", entity.score())))
          .append("\">").append(Xml.escape(entity.text())).append(" <sub>").append(Xml.escape(entity.type()))
          .append("</sub></mark>");
      pos = entity.span().end();
    }
    h.append(Xml.escape(e.text().substring(pos))).append("</p>\n");
    h.append("<table class=\"ti\"><thead><tr><th>Word</th><th>Label</th><th>Probability</th></tr></thead><tbody>");
    for (TokenPrediction w : e.words()) {
      h.append("<tr><td>").append(Xml.escape(w.token())).append("</td><td>").append(Xml.escape(w.label()))
          .append("</td><td>").append(fmt("%.4f", w.probability())).append("</td></tr>");
    }
    h.append("</tbody></table>\n");
    for (TargetExplanation t : e.targets()) {
      String token = e.tokens().stream().filter(x -> x.position() == t.index()).map(TokenPrediction::token)
          .findFirst().orElse("#" + t.index());
      h.append("<h3>why token ").append(t.index()).append(" \"").append(Xml.escape(token)).append("\" is ")
          .append(Xml.escape(t.label())).append(" (").append(fmt("%.3f", t.modelValue())).append(")</h3>\n")
          .append("<p class=\"text\">");
      highlighted(h, e.text(), t.attributions());
      h.append("</p>\n");
    }
    legend(h);
    diagnostics(h, e.diagnostics(), Map.of());
    h.append("</section>");
    return addSection(h.toString());
  }

  /**
   * Adds a question-answering result: the question, the context with the answer marked, and
   * the question and context highlighted by the attributions of the start and of the end.
   *
   * @param e the result; not null
   * @return this report
   */
  public HtmlReport addAnswer(QuestionAnsweringExplanation e) {
    StringBuilder h = new StringBuilder("<section>\n<h2>").append(Xml.escape(e.method().toUpperCase(Locale.ROOT)))
        .append(": question answering</h2>\n<table class=\"ti\"><tbody><tr><th>Question</th><td>")
        .append(Xml.escape(e.question())).append("</td></tr><tr><th>Answer</th><td><b>").append(Xml.escape(e.answer()))
        .append("</b> (").append(fmt("%.3f", e.score())).append(e.windows() > 1 ? ", window " + (e.window() + 1) + " of "
            + e.windows() : "").append(")</td></tr><tr><th>Context</th><td class=\"text\">")
        .append(Xml.escape(e.context().substring(0, e.span().start()))).append("<mark class=\"entity\">")
        .append(Xml.escape(e.answer())).append("</mark>").append(Xml.escape(e.context().substring(e.span().end())))
        .append("</td></tr></tbody></table>\n");
    for (TargetExplanation t : List.of(e.start(), e.end())) {
      h.append("<h3>why the answer ").append(t.label().equals("start") ? "starts" : "ends").append(" at token ")
          .append(t.index()).append(" (").append(t.label()).append(" logit ").append(fmt("%.3f", t.modelValue()))
          .append(")</h3>\n<table class=\"ti\"><tbody><tr><th>Question</th><td class=\"text\">");
      highlighted(h, e.question(), bySequence(t.attributions(), 0));
      h.append("</td></tr><tr><th>Context</th><td class=\"text\">");
      highlighted(h, e.context(), bySequence(t.attributions(), 1));
      h.append("</td></tr></tbody></table>\n");
    }
    legend(h);
    diagnostics(h, e.diagnostics(), e.start().quality());
    h.append("</section>");
    return addSection(h.toString());
  }

  /** The features of one text of a pair; special tokens go with the first. */
  private static List<FeatureAttribution> bySequence(List<FeatureAttribution> all, int sequence) {
    return all.stream().filter(a -> sequence == 0 ? a.feature().sequence() == 0 : a.feature().sequence() == 1
        && !a.feature().special()).toList();
  }

  private static void legend(StringBuilder h) {
    h.append("<div class=\"legend\">Legend: <span style=\"").append(background(-1)).append("\">negative</span> ")
        .append("<span>neutral</span> <span style=\"").append(background(1)).append("\">positive</span></div>\n");
  }

  /**
   * Adds a comparison of several texts side by side, one row each: its name, the prediction, and
   * the text highlighted by the explanation of its first explained class.
   *
   * @param heading the section's heading; not null
   * @param names one name per text, shown in the first column; at least as many as {@code texts}
   * @param texts the texts, as given to the explainer (spans index into them); not null
   * @param explanations one per text, in the same order, each with at least one explained class
   * @return this report
   */
  public HtmlReport addComparison(String heading, List<String> names, List<String> texts,
      List<Explanation> explanations) {
    StringBuilder h = new StringBuilder("<section><h2>").append(Xml.escape(heading)).append("</h2>")
        .append("<table class=\"ti\"><thead><tr><th>Input</th><th>Predicted label</th><th>Probabilities</th>")
        .append("<th>Attribution label</th><th>Word importance</th></tr></thead><tbody>");
    for (int i = 0; i < texts.size(); i++) {
      Explanation x = explanations.get(i);
      Prediction p = x.prediction();
      StringBuilder probs = new StringBuilder();
      for (int c = 0; c < p.labels().size(); c++) {
        probs.append(c == 0 ? "" : "<br/>").append(Xml.escape(p.labels().get(c))).append(' ')
            .append(fmt("%.3f", p.probabilities().get(c)));
      }
      TargetExplanation t = x.targets().get(0);
      h.append("<tr><td>").append(Xml.escape(names.get(i))).append("</td><td><b>").append(Xml.escape(p.label()))
          .append("</b> (").append(fmt("%.2f", p.probability())).append(")</td><td>").append(probs)
          .append("</td><td>").append(Xml.escape(t.label())).append("</td><td class=\"text\">");
      highlighted(h, texts.get(i), t.attributions());
      h.append("</td></tr>");
    }
    h.append("</tbody></table></section>");
    return addSection(h.toString());
  }

  /**
   * Adds a comparison of methods on one text (ferret's benchmark table): each method's strongest
   * features, faithfulness and cost; Kendall's τ-b and the top-k overlap of every pair; and the
   * text highlighted by each method.
   *
   * @param c the comparison; not null
   * @return this report
   */
  public HtmlReport addMethodComparison(Comparison c) {
    StringBuilder h = new StringBuilder("<section><h2>Methods compared</h2><p class=\"text\">")
        .append(Xml.escape(c.text())).append("</p>");
    if (!c.methods().isEmpty()) {
      TargetExplanation first = c.methods().get(0).target();
      h.append("<p>Class explained: <b>").append(Xml.escape(first.label())).append("</b> (")
          .append(fmt("%.3f", first.modelValue())).append(")</p>");
    }
    h.append("<table class=\"ti\"><thead><tr><th>Method</th><th>Top ").append(c.topK())
        .append(" features</th><th>Comprehensiveness ↑</th><th>Sufficiency ↓</th><th>Forward passes</th>")
        .append("<th>Time</th></tr></thead><tbody>");
    for (Comparison.Method m : c.methods()) {
      Diagnostics d = m.explanation().diagnostics();
      h.append("<tr><td>").append(Xml.escape(m.name())).append("</td><td>");
      List<FeatureAttribution> top = m.target().byMagnitude().stream().limit(c.topK()).toList();
      for (int i = 0; i < top.size(); i++) {
        h.append(i == 0 ? "" : ", ").append(Xml.escape(displayName(c.text(), top.get(i)))).append(' ')
            .append(fmt("%+.3f", top.get(i).score()));
      }
      h.append("</td><td>").append(fmt("%.3f", m.quality("comprehensiveness"))).append("</td><td>")
          .append(fmt("%.3f", m.quality("sufficiency"))).append("</td><td>").append(d.forwardPasses())
          .append(d.evaluationPasses() > 0 ? " + " + d.evaluationPasses() : "").append("</td><td>")
          .append(d.elapsed().toMillis()).append(" ms</td></tr>");
    }
    h.append("</tbody></table><h3>Agreement (Kendall τ-b / top-").append(c.topK())
        .append(" overlap)</h3><table class=\"ti\"><thead><tr><th></th>");
    for (Comparison.Method m : c.methods()) {
      h.append("<th>").append(Xml.escape(m.name())).append("</th>");
    }
    h.append("</tr></thead><tbody>");
    for (Comparison.Method row : c.methods()) {
      h.append("<tr><th>").append(Xml.escape(row.name())).append("</th>");
      for (Comparison.Method col : c.methods()) {
        h.append("<td>");
        if (!row.name().equals(col.name())) {
          for (Comparison.Agreement a : c.agreements()) {
            if (a.first().equals(row.name()) && a.second().equals(col.name())
                || a.first().equals(col.name()) && a.second().equals(row.name())) {
              h.append(fmt("%.2f", a.kendallTau())).append(" / ").append(fmt("%.2f", a.topKOverlap()));
            }
          }
        }
        h.append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table><h3>The text as each method sees it</h3><table class=\"ti\"><tbody>");
    for (Comparison.Method m : c.methods()) {
      h.append("<tr><th>").append(Xml.escape(m.name())).append("</th><td class=\"text\">");
      highlighted(h, c.text(), m.target().attributions());
      h.append("</td></tr>");
    }
    h.append("</tbody></table>");
    legend(h);
    h.append("</section>");
    return addSection(h.toString());
  }

  /**
   * Adds an evaluation: per-class precision, recall, F1 and support, the averages, accuracy and
   * the confusion matrix.
   *
   * @param report the evaluation, not null
   * @return this report
   */
  public HtmlReport addEvaluation(ClassificationReport report) {
    return addSection(report.toXhtml());
  }

  /**
   * Adds an explained image: the picture (embedded as a PNG data URI, so the page stays
   * self-contained), the class probabilities and the diagnostics.
   *
   * @param heading what was explained, e.g. the file name and the method
   * @param picture the view, as {@link ImageViews} draws it
   * @param prediction the model's prediction for the image
   * @param diagnostics names and values, in order (steps, forward passes, time, convergence delta…)
   * @return this report
   * @throws java.io.UncheckedIOException if the picture cannot be encoded
   */
  public HtmlReport addImage(String heading, java.awt.image.BufferedImage picture,
      ai.lantern.core.Prediction prediction, java.util.Map<String, String> diagnostics) {
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(picture, "png", png);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    StringBuilder h = new StringBuilder("<section><h2>").append(Xml.escape(heading)).append("</h2>");
    h.append(String.format(java.util.Locale.ROOT, "<p>Prediction: <b>%s</b> (p = %.4f)</p>",
        Xml.escape(prediction.label()), prediction.probability()));
    h.append("<p><img alt=\"").append(Xml.escape(heading)).append("\" width=\"").append(picture.getWidth())
        .append("\" height=\"").append(picture.getHeight()).append("\" src=\"data:image/png;base64,")
        .append(java.util.Base64.getEncoder().encodeToString(png.toByteArray())).append("\"/></p>");
    List<BarChart.Bar> probs = new ArrayList<>();
    for (int i = 0; i < prediction.labels().size(); i++) {
      probs.add(new BarChart.Bar(prediction.labels().get(i), prediction.probabilities().get(i)));
    }
    h.append("<div class=\"charts\">").append(BarChart.probabilities("Class probabilities", probs).toSvg())
        .append("</div><table class=\"diag\"><tbody>");
    diagnostics.forEach((k, v) -> h.append("<tr><th>").append(Xml.escape(k)).append("</th><td>")
        .append(Xml.escape(v)).append("</td></tr>"));
    h.append("</tbody></table></section>");
    return addSection(h.toString());
  }

  /** Adds a section of already-escaped XHTML (tables and charts built by this package). */
  HtmlReport addSection(String xhtml) {
    extraSections.add(xhtml);
    return this;
  }

  /**
   * Writes {@link #render()} to {@code file} as UTF-8.
   *
   * @param file the file, replaced if it exists; its folder must exist; not null
   * @throws IOException if the file cannot be written
   */
  public void write(Path file) throws IOException {
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  /**
   * The page. The sections of {@code addTokens}, {@code addAnswer}, {@code addComparison} and
   * {@code addMethodComparison} come first, in the order added; then the entries of {@code add} and
   * {@code addPair}, in the order added, one section per explained class.
   *
   * @return the XHTML document, with its XML declaration
   */
  public String render() {
    StringBuilder h = new StringBuilder();
    h.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
        .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"UTF-8\"/>")
        .append("<title>").append(Xml.escape(title)).append("</title><style>").append(STYLE)
        .append("</style></head><body>\n<h1>").append(Xml.escape(title)).append("</h1>\n");
    for (String s : extraSections) {
      h.append(s).append('\n');
    }
    for (Entry e : entries) {
      for (TargetExplanation t : e.explanation().targets()) {
        section(h, e, t);
      }
    }
    h.append("<p class=\"foot\">Made by Lantern.</p></body></html>\n");
    return h.toString();
  }

  private static void section(StringBuilder h, Entry e, TargetExplanation t) {
    Explanation x = e.explanation();
    Prediction p = x.prediction();
    double total = t.attributions().stream().mapToDouble(FeatureAttribution::score).sum();
    h.append("<section>\n<h2>").append(Xml.escape(x.method().toUpperCase(Locale.ROOT))).append(": why ")
        .append(Xml.escape(t.label())).append("</h2>\n");
    h.append("<table class=\"ti\"><thead><tr><th>True label</th><th>Predicted label</th><th>Attribution label</th>")
        .append("<th>Attribution score</th><th>Word importance</th></tr></thead><tbody><tr>")
        .append("<td>").append(e.trueLabel() == null ? "—" : Xml.escape(e.trueLabel())).append("</td>")
        .append("<td><b>").append(Xml.escape(p.label())).append("</b> (").append(fmt("%.2f", p.probability()))
        .append(")</td><td>").append(Xml.escape(t.label())).append("</td><td>").append(Xml.score("%.2f", total))
        .append("</td><td class=\"text\">");
    if (e.pair() == null) {
      highlighted(h, e.text(), t.attributions());
    } else {
      highlighted(h, e.text(), bySequence(t.attributions(), 0));
      h.append("<hr/>");
      highlighted(h, e.pair(), bySequence(t.attributions(), 1));
    }
    h.append("</td></tr></tbody></table>\n");
    legend(h);
    List<BarChart.Bar> probs = new ArrayList<>();
    for (int i = 0; i < p.labels().size(); i++) {
      probs.add(new BarChart.Bar(p.labels().get(i), p.probabilities().get(i)));
    }
    h.append("<div class=\"charts\">");
    h.append(BarChart.probabilities("Class probabilities", probs).toSvg());
    List<FeatureAttribution> shown = e.pair() == null ? byCharacters(e.text(), t.attributions()) : t.attributions();
    List<BarChart.Bar> top = shown.stream()
        .sorted(Comparator.comparingDouble((FeatureAttribution a) -> -Math.abs(a.score()))).limit(TOP_FEATURES)
        .map(a -> new BarChart.Bar(e.pair() == null ? displayName(e.text(), a) : a.text(), a.score())).toList();
    h.append(BarChart.weights("Top features for " + t.label(), top).toSvg());
    h.append("</div>\n");
    diagnostics(h, x.diagnostics(), t.quality());
    h.append("</section>\n");
  }

  /**
   * What a chart calls a feature: its text, except that a byte-level or SentencePiece token
   * ({@code Ġmovie}, {@code ▁movie}) is named by the characters it covers, and a token of
   * whitespace alone by a visible sign ({@code ␣}, {@code ↵}, {@code ⇥}).
   */
  static String displayName(String text, FeatureAttribution a) {
    String name = a.text();
    if (a.feature().spans().size() != 1 || a.feature().span().end() > text.length()) {
      return name;
    }
    String covered = a.feature().span().of(text);
    if (!covered.isEmpty() && covered.isBlank()) {
      return covered.replace(" ", "␣").replace("\r\n", "↵").replace("\n", "↵").replace("\t", "⇥");
    }
    boolean marked = name.startsWith("Ġ") || name.startsWith("▁") || name.startsWith("Ċ");
    if (marked && name.length() > 1 && !covered.isEmpty()) {
      return covered;
    }
    return covered.isEmpty() && marked ? "␣" : name;
  }

  /**
   * Features whose single spans share characters, merged into one feature named by those
   * characters with the sum of their scores: a byte-level tokenizer cuts an emoji or an accented
   * letter into several pieces (shown as {@code ð Ł Ĵ ĸ}) that all span the same character.
   * Other features, and features with several spans, stay as they are; order is kept.
   */
  static List<FeatureAttribution> byCharacters(String text, List<FeatureAttribution> attributions) {
    List<FeatureAttribution> single = attributions.stream()
        .filter(a -> a.feature().spans().size() == 1 && a.feature().span().end() <= text.length())
        .sorted(Comparator.comparingInt((FeatureAttribution a) -> a.feature().span().start())
            .thenComparingInt(a -> a.feature().index()))
        .toList();
    java.util.Map<FeatureAttribution, FeatureAttribution> replaced = new java.util.IdentityHashMap<>();
    java.util.Set<FeatureAttribution> dropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int i = 0; i < single.size(); ) {
      FeatureAttribution first = single.get(i);
      int start = first.feature().span().start();
      int end = first.feature().span().end();
      double sum = first.score();
      int j = i + 1;
      while (j < single.size() && single.get(j).feature().span().start() < end) {
        end = Math.max(end, single.get(j).feature().span().end());
        sum += single.get(j).score();
        dropped.add(single.get(j));
        j++;
      }
      if (j > i + 1) {
        Feature f = first.feature();
        replaced.put(first, new FeatureAttribution(new Feature(f.index(), text.substring(start, end),
            List.of(new Span(start, end)), f.special(), f.sequence()), sum));
      }
      i = j;
    }
    List<FeatureAttribution> out = new ArrayList<>();
    for (FeatureAttribution a : attributions) {
      if (!dropped.contains(a)) {
        out.add(replaced.getOrDefault(a, a));
      }
    }
    return out;
  }

  /**
   * The text with each feature's spans highlighted by its score, pieces of one character merged
   * ({@link #byCharacters}); special tokens listed after.
   */
  static void highlighted(StringBuilder h, String text, List<FeatureAttribution> given) {
    List<FeatureAttribution> attributions = byCharacters(text, given);
    double max = attributions.stream().mapToDouble(a -> Math.abs(a.score())).max().orElse(0);
    List<Object[]> marks = new ArrayList<>();
    List<FeatureAttribution> specials = new ArrayList<>();
    for (FeatureAttribution a : attributions) {
      if (a.feature().spans().isEmpty()) {
        specials.add(a);
      }
      for (Span s : a.feature().spans()) {
        if (s.end() <= text.length()) {
          marks.add(new Object[] {s, a});
        }
      }
    }
    marks.sort(Comparator.comparingInt(m -> ((Span) m[0]).start()));
    int pos = 0;
    for (Object[] m : marks) {
      Span s = (Span) m[0];
      FeatureAttribution a = (FeatureAttribution) m[1];
      if (s.start() < pos || s.start() == s.end()) {
        continue; // overlapping spans: the first wins; an empty span shows nothing
      }
      h.append(Xml.escape(text.substring(pos, s.start())));
      h.append("<mark style=\"").append(background(max == 0 ? 0 : a.score() / max)).append("\" title=\"")
          .append(Xml.escape(a.text() + ": " + Xml.score("%+.4f", a.score()))).append("\">")
          .append(Xml.escape(s.of(text))).append("</mark>");
      pos = s.end();
    }
    h.append(Xml.escape(text.substring(pos)));
    if (!specials.isEmpty()) {
      h.append("<div class=\"specials\">special tokens:");
      for (FeatureAttribution a : specials) {
        h.append(" <code>").append(Xml.escape(a.text())).append(' ').append(Xml.score("%+.4f", a.score())).append("</code>");
      }
      h.append("</div>");
    }
  }

  /** Green for positive, red for negative, opacity by |relative score|. */
  static String background(double relative) {
    double alpha = Math.min(1, Math.abs(relative)) * 0.75;
    return relative >= 0 ? fmt("background-color: rgba(46,125,50,%.3f)", alpha)
        : fmt("background-color: rgba(198,40,40,%.3f)", alpha);
  }

  private static void diagnostics(StringBuilder h, Diagnostics d, Map<String, Double> quality) {
    h.append("<table class=\"diag\"><tbody>");
    for (String w : d.warnings()) {
      h.append("<tr class=\"warn\"><th>warning</th><td>").append(Xml.escape(w)).append("</td></tr>");
    }
    row(h, "samples or steps", Long.toString(d.samples()));
    row(h, "forward passes", Long.toString(d.forwardPasses()));
    row(h, "time", d.elapsed().toMillis() + " ms");
    row(h, "stopped", d.stop().name().toLowerCase(Locale.ROOT) + (d.partial() ? " (partial)" : ""));
    if (!d.budget().isUnlimited()) {
      row(h, "budget", d.budget().toString());
    }
    if (d.seed() != null) {
      row(h, "seed", d.seed().toString());
    }
    if (quality.containsKey("score")) {
      row(h, "surrogate R²", fmt("%.4f", quality.get("score")));
    }
    if (quality.containsKey("intercept")) {
      row(h, "intercept", fmt("%.4f", quality.get("intercept")));
    }
    if (quality.containsKey("convergenceDelta")) {
      row(h, "convergence delta", fmt("%.3e", quality.get("convergenceDelta")));
    }
    if (quality.containsKey("baseValue")) {
      row(h, "base value f(∅)", fmt("%.4f", quality.get("baseValue")));
    }
    if (quality.containsKey("exact")) {
      row(h, "Shapley values", quality.get("exact") == 1.0 ? "exact" : "estimated");
    }
    if (quality.containsKey("comprehensiveness")) {
      row(h, "comprehensiveness (AOPC, higher is better)", fmt("%.4f", quality.get("comprehensiveness")));
      row(h, "sufficiency (AOPC, lower is better)", fmt("%.4f", quality.get("sufficiency")));
      if (d.evaluationPasses() > 0) {
        row(h, "forward passes to measure them", Long.toString(d.evaluationPasses()));
      }
    }
    h.append("</tbody></table>\n");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(Xml.escape(name)).append("</th><td>").append(Xml.escape(value)).append("</td></tr>");
  }

  private static String fmt(String f, double v) {
    return String.format(Locale.ROOT, f, v);
  }

  private static final String STYLE = "body{font-family:sans-serif;margin:24px;color:#222;max-width:1100px}"
      + "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
      + "table.ti{border-collapse:collapse;width:100%}table.ti th,table.ti td{border:1px solid #ccc;padding:6px;"
      + "text-align:left;vertical-align:top}td.text{line-height:1.9}mark{padding:1px 2px;border-radius:3px;"
      + "color:#111}.legend{margin:8px 0;font-size:13px}.legend span{padding:1px 6px;border:1px solid #ddd}"
      + ".charts svg{display:block;margin:10px 0}table.diag{font-size:13px;border-collapse:collapse}"
      + "table.diag th{text-align:left;padding:2px 12px 2px 0;font-weight:normal;color:#555}"
      + ".specials{font-size:12px;color:#555}mark.entity{background:#fff3b0;border:1px solid #e0c050}"
      + "tr.warn th,tr.warn td{color:#b00020;font-weight:bold}"
      + "h3{font-size:15px;margin-top:18px}.foot{color:#888;font-size:12px;margin-top:32px}";
}
