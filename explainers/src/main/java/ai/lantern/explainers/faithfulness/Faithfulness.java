package ai.lantern.explainers.faithfulness;

import ai.lantern.core.Classifier;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.TargetExplanation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How far to trust an explanation: ferret's (0.5.0) area-over-the-perturbation-curve measures of
 * faithfulness (DeYoung et al., 2020, ERASER), computed on the explanation's own features.
 *
 * <ul>
 *   <li><b>Comprehensiveness</b>: the mean drop of the explained class's probability when the
 *       top 10 %, 20 % … 100 % of the features are removed. High: the features the explanation
 *       calls important are the ones the model needs.
 *   <li><b>Sufficiency</b>: the mean drop when only those features are kept. Low: they are
 *       enough for the prediction.
 * </ul>
 *
 * <p>ferret's definitions: the rationale at fraction {@code v} is the {@code int(v·n)} highest
 * scores of the {@code n} features (ties: the later feature first, as numpy's stable ascending
 * argsort read backwards), only those with a positive score; an empty rationale, or one equal to
 * the previous threshold's, is skipped; with no rationale at all comprehensiveness is 0 and
 * sufficiency 1. Where ferret deletes tokens and re-tokenises the decoded text, Lantern hides the
 * features as the explanation's perturbation space does (the same removal or mask the method
 * used), so special tokens are never touched. Features an explanation left out (LIME's
 * {@code numFeatures}) count as score 0.
 */
public final class Faithfulness {
  /** numpy's {@code arange(0.1, 1.1, 0.1)}: 0.1 + i·0.1, so 0.30000000000000004 and not 0.3. */
  private static final double[] THRESHOLDS = new double[10];

  static {
    for (int i = 0; i < THRESHOLDS.length; i++) {
      THRESHOLDS[i] = 0.1 + i * 0.1;
    }
  }

  /** Quality keys of {@link TargetExplanation#quality()}. */
  public static final String COMPREHENSIVENESS = "comprehensiveness";
  /** Quality key of sufficiency. */
  public static final String SUFFICIENCY = "sufficiency";

  private Faithfulness() {}

  /**
   * The two measures of one explained class.
   *
   * @param comprehensiveness the mean drop of the class's probability with the rationale removed; 0 without
   *     rationales
   * @param sufficiency the mean drop with only the rationale kept; 1 without rationales
   * @param rationales the distinct non-empty rationales averaged over, 0 to 10
   */
  public record Scores(double comprehensiveness, double sufficiency, int rationales) {}

  /**
   * The rationales of ferret's 10 % … 100 % thresholds for these scores (feature indices, highest
   * score first), duplicates and empty ones left out.
   *
   * @param scores one score per feature, in input order; only positive scores enter a rationale
   * @return at most 10 rationales, from the smallest threshold up; empty when no score is positive
   */
  public static List<int[]> rationales(double[] scores) {
    int n = scores.length;
    Integer[] ascending = new Integer[n];
    Arrays.setAll(ascending, i -> i);
    Arrays.sort(ascending, Comparator.comparingDouble(i -> scores[i])); // stable, as numpy's kind='stable'
    List<int[]> out = new ArrayList<>();
    Set<Integer> last = null;
    for (double v : THRESHOLDS) {
      int k = (int) (v * n);
      if (k == 0) {
        continue;
      }
      List<Integer> top = new ArrayList<>();
      for (int j = n - 1; j >= n - k; j--) {
        if (scores[ascending[j]] > 0) {
          top.add(ascending[j]);
        }
      }
      if (top.isEmpty()) {
        continue;
      }
      Set<Integer> set = new HashSet<>(top);
      if (set.equals(last)) {
        continue;
      }
      last = set;
      out.add(top.stream().mapToInt(Integer::intValue).toArray());
    }
    return out;
  }

  /**
   * Comprehensiveness and sufficiency of {@code scores} (one per feature of {@code space}) for
   * class {@code target}, whose probability on the whole input is {@code baseline}.
   *
   * @param <P> what the model receives
   * @param space the input's features and how to hide them
   * @param model the model, called once on at most 20 inputs (none without rationales)
   * @param target the explained class, an index in the model's outputs
   * @param baseline the model's probability of {@code target} on the whole input
   * @param scores one score per feature of {@code space}, in input order
   * @return the two measures and the number of rationales they average
   */
  public static <P> Scores measure(PerturbationSpace<P> space, Classifier<P> model, int target, double baseline,
      double[] scores) {
    Evaluation<P> ev = new Evaluation<>(space);
    List<int[]> rationales = rationales(scores);
    List<P[]> pairs = new ArrayList<>();
    for (int[] r : rationales) {
      pairs.add(ev.pair(r));
    }
    ev.run(model);
    return ev.scores(rationales, pairs, target, baseline);
  }

  /**
   * {@code e} with comprehensiveness and sufficiency in every target's quality, measured on
   * {@code space} through {@code model} in one batch of at most 20 inputs per target; the passes
   * are added to {@link ai.lantern.core.Diagnostics#evaluationPasses()}, the time to
   * {@code elapsed} (counted from {@code start}, a {@link System#nanoTime()}).
   *
   * @param <P> what the model receives
   * @param e the explanation to measure, not {@code null}; its attributions index {@code space}'s features
   * @param space the features the explanation scores, hidden as the method hid them
   * @param model the explained model, on {@code space}'s inputs
   * @param start {@link System#nanoTime()} when the explanation began
   * @return a copy of {@code e} with both measures in every target's quality and the evaluation counted
   */
  public static <P> Explanation attach(Explanation e, PerturbationSpace<P> space, Classifier<P> model, long start) {
    return attach(e, space, model, start, ai.lantern.core.Ticker.SYSTEM);
  }

  /**
   * As {@link #attach(Explanation, PerturbationSpace, Classifier, long)}, timed on {@code ticker}.
   *
   * @param <P> what the model receives
   * @param e the explanation to measure, not {@code null}; its attributions index {@code space}'s features
   * @param space the features the explanation scores, hidden as the method hid them
   * @param model the explained model, on {@code space}'s inputs
   * @param start {@code ticker}'s reading when the explanation began
   * @param ticker the clock the elapsed time is read on
   * @return a copy of {@code e} with both measures in every target's quality and the evaluation counted
   */
  public static <P> Explanation attach(Explanation e, PerturbationSpace<P> space, Classifier<P> model, long start,
      ai.lantern.core.Ticker ticker) {
    Objects.requireNonNull(e, "explanation");
    Evaluation<P> ev = new Evaluation<>(space);
    List<List<int[]>> rationales = new ArrayList<>();
    List<List<P[]>> pairs = new ArrayList<>();
    for (TargetExplanation t : e.targets()) {
      List<int[]> rs = rationales(scoresOf(t, space.size()));
      List<P[]> ps = new ArrayList<>();
      for (int[] r : rs) {
        ps.add(ev.pair(r));
      }
      rationales.add(rs);
      pairs.add(ps);
    }
    ev.run(model);
    List<TargetExplanation> targets = new ArrayList<>();
    for (int i = 0; i < e.targets().size(); i++) {
      TargetExplanation t = e.targets().get(i);
      Scores s = ev.scores(rationales.get(i), pairs.get(i), t.index(), t.modelValue());
      Map<String, Double> quality = new LinkedHashMap<>(t.quality());
      quality.put(COMPREHENSIVENESS, s.comprehensiveness());
      quality.put(SUFFICIENCY, s.sufficiency());
      targets.add(new TargetExplanation(t.index(), t.label(), t.modelValue(), t.attributions(), quality));
    }
    return new Explanation(e.method(), e.prediction(), targets,
        e.diagnostics().withEvaluation(ev.passes, Duration.ofNanos(ticker.read() - start)));
  }

  /**
   * {@code e}, an explanation whose attributions carry spans in {@code text} (Integrated
   * Gradients' words, or any method's), with comprehensiveness and sufficiency measured on the
   * text's whole words as {@code model}'s tokenizer cuts them, hidden by removal: each word scores
   * the sum of the attributions with its span. Its own attributions are kept as they are.
   *
   * @param e the explanation to measure, its attributions with spans in {@code text}
   * @param model the explained model, whose tokenizer cuts the words
   * @param text the explained text
   * @param start {@link System#nanoTime()} when the explanation began
   * @return a copy of {@code e}, attributions unchanged, with both measures in every target's quality
   */
  public static Explanation attachOnWords(Explanation e, ai.lantern.core.SubwordTextClassifier model, String text,
      long start) {
    PerturbationSpace<ai.lantern.core.spi.TokenIds> space = ai.lantern.explainers.text.SubwordPerturber.featurize(
        model.tokenize(text), ai.lantern.explainers.text.SubwordPerturber.Granularity.WHOLE_WORD, -1);
    Classifier<ai.lantern.core.spi.TokenIds> onIds = ai.lantern.explainers.text.SubwordPerturber.onTokenIds(model);
    List<TargetExplanation> onWords = new ArrayList<>();
    for (TargetExplanation t : e.targets()) {
      onWords.add(new TargetExplanation(t.index(), t.label(), t.modelValue(), onFeatures(t.attributions(),
          space.features()), t.quality()));
    }
    Explanation measured = attach(new Explanation(e.method(), e.prediction(), onWords, e.diagnostics()), space, onIds,
        start);
    List<TargetExplanation> targets = new ArrayList<>();
    for (int i = 0; i < e.targets().size(); i++) {
      TargetExplanation t = e.targets().get(i);
      targets.add(new TargetExplanation(t.index(), t.label(), t.modelValue(), t.attributions(),
          measured.targets().get(i).quality()));
    }
    return new Explanation(e.method(), e.prediction(), targets, measured.diagnostics());
  }

  /**
   * Attributions moved onto {@code features}: each feature scores the sum of the attributions
   * whose first span equals its own (same text of a pair); features with none score 0.
   *
   * @param attributions scores with spans; those without a span are ignored
   * @param features the features to score, each matched by its sequence and span
   * @return one attribution per feature, in the order of {@code features}
   */
  public static List<FeatureAttribution> onFeatures(List<FeatureAttribution> attributions,
      List<ai.lantern.core.Feature> features) {
    Map<List<Integer>, Double> bySpan = new HashMap<>();
    for (FeatureAttribution a : attributions) {
      if (a.span() != null) {
        bySpan.merge(List.of(a.feature().sequence(), a.span().start(), a.span().end()), a.score(), Double::sum);
      }
    }
    List<FeatureAttribution> out = new ArrayList<>();
    for (ai.lantern.core.Feature f : features) {
      out.add(new FeatureAttribution(f, f.span() == null ? 0
          : bySpan.getOrDefault(List.of(f.sequence(), f.span().start(), f.span().end()), 0.0)));
    }
    return out;
  }

  /**
   * One score per feature of the space, by feature index; features not listed score 0.
   *
   * @param t the explanation of one class
   * @param size the number of features of the space its attributions index
   * @return {@code size} scores
   */
  static double[] scoresOf(TargetExplanation t, int size) {
    double[] s = new double[size];
    for (FeatureAttribution a : t.attributions()) {
      s[a.feature().index()] = a.score();
    }
    return s;
  }

  /** The inputs of several rationales, each evaluated once. */
  private static final class Evaluation<P> {
    private final PerturbationSpace<P> space;
    private final Map<P, Integer> index = new HashMap<>();
    private final List<P> inputs = new ArrayList<>();
    private double[][] probabilities;
    long passes;

    Evaluation(PerturbationSpace<P> space) {
      this.space = space;
    }

    /** {rationale removed, only rationale kept}. */
    @SuppressWarnings("unchecked")
    P[] pair(int[] rationale) {
      int n = space.size();
      BitSet only = new BitSet(n);
      for (int j : rationale) {
        only.set(j);
      }
      BitSet removed = new BitSet(n);
      removed.set(0, n);
      removed.andNot(only);
      P a = space.render(removed);
      P b = space.render(only);
      index.computeIfAbsent(a, x -> add(x));
      index.computeIfAbsent(b, x -> add(x));
      return (P[]) new Object[] {a, b};
    }

    private int add(P input) {
      inputs.add(input);
      return inputs.size() - 1;
    }

    void run(Classifier<P> model) {
      probabilities = inputs.isEmpty() ? new double[0][] : model.predictProbabilities(inputs);
      passes = inputs.size();
    }

    Scores scores(List<int[]> rationales, List<P[]> pairs, int target, double baseline) {
      if (rationales.isEmpty()) {
        return new Scores(0, 1, 0);
      }
      double comp = 0;
      double suff = 0;
      for (P[] p : pairs) {
        comp += baseline - probabilities[index.get(p[0])][target];
        suff += baseline - probabilities[index.get(p[1])][target];
      }
      return new Scores(comp / pairs.size(), suff / pairs.size(), pairs.size());
    }
  }
}
