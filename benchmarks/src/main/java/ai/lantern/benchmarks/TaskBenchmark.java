package ai.lantern.benchmarks;

import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.TextPair;
import ai.lantern.core.spi.TokenizedText;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.tasks.QuestionAnsweringExplainer;
import ai.lantern.explainers.tasks.TokenClassificationExplainer;
import ai.lantern.explainers.tasks.ZeroShotClassificationExplainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole task explanation with Layer Integrated Gradients (50 steps) on the task fixtures,
 * against its floor: the same integrations as bare batches of 50 forward and backward passes
 * through the same model ({@link #gradientPasses}). Their ratio is what the task layer
 * (tokenising, scoring candidates, finding the answer, windows, results) costs on top.
 *
 * <ul>
 *   <li>{@code zero-shot}: nli-tiny, a 7-word premise, 3 candidates (3 integrations);
 *   <li>{@code token}: ner-tiny, 4 entity tokens explained (4 integrations);
 *   <li>{@code qa}: qa-tiny, a 3-fact context, start and end (2 integrations).
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class TaskBenchmark {
  static final int STEPS = 50;
  static final String PREMISE = "we watched football and heard the piano";
  static final List<String> CANDIDATES = List.of("animals", "music", "sports");
  static final String NER_TEXT = "john smith flew to new york";
  static final String QUESTION = "what is the animal ?";
  static final String CONTEXT = "the color is red . the animal is polar bear . the city is paris .";

  @Param({"zero-shot", "token", "qa"})
  public String task;

  private PyTorchTextClassifier model;
  private Runnable explain;
  /** One entry per integration: its ids, the repeated embeddings, the position and the target. */
  private final List<Object[]> integrations = new ArrayList<>();
  private EmbeddingGradients gradients;
  private TargetOutput output;

  @Setup(Level.Trial)
  public void setUp() {
    switch (task) {
      case "zero-shot" -> {
        model = PyTorchTextClassifier.load(BenchmarkModels.path("nli-tiny"));
        ZeroShotClassificationExplainer zs = ZeroShotClassificationExplainer.builder().setModel(model).build();
        explain = () -> zs.explain(PREMISE, CANDIDATES);
        for (String c : CANDIDATES) {
          add(model.tokenize(new TextPair(PREMISE, zs.hypothesis(c))), -1, 2);
        }
        output = TargetOutput.PROBABILITY;
      }
      case "token" -> {
        model = PyTorchTextClassifier.load(BenchmarkModels.path("ner-tiny"));
        TokenClassificationExplainer ner = TokenClassificationExplainer.builder().setModel(model).build();
        explain = () -> ner.explain(NER_TEXT);
        TokenizedText t = model.tokenize(NER_TEXT);
        ner.predict(NER_TEXT).tokens().stream().filter(p -> !p.label().equals("O"))
            .forEach(p -> add(t, p.position(), model.labels().indexOf(p.label())));
        output = TargetOutput.PROBABILITY;
      }
      case "qa" -> {
        model = PyTorchTextClassifier.load(BenchmarkModels.path("qa-tiny"));
        QuestionAnsweringExplainer qa = QuestionAnsweringExplainer.builder().setModel(model).build();
        explain = () -> qa.explain(QUESTION, CONTEXT);
        QuestionAnsweringExplainer.Answer a = qa.answer(QUESTION, CONTEXT);
        TokenizedText t = model.tokenize(new TextPair(QUESTION, CONTEXT));
        add(t, a.startToken(), 0);
        add(t, a.endToken(), 1);
        output = TargetOutput.LOGIT;
      }
      default -> throw new IllegalArgumentException("unknown task " + task);
    }
  }

  private void add(TokenizedText t, int position, int target) {
    gradients = model.embeddingGradients();
    float[] x = gradients.embed(t.ids());
    float[] path = new float[STEPS * x.length];
    for (int k = 0; k < STEPS; k++) {
      System.arraycopy(x, 0, path, k * x.length, x.length);
    }
    integrations.add(new Object[] {t.ids(), path, position, target});
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    model.close();
  }

  @Benchmark
  public void explain() {
    explain.run();
  }

  @Benchmark
  public double gradientPasses() {
    double sink = 0;
    for (Object[] i : integrations) {
      sink += gradients.valuesAndGradients((ai.lantern.core.spi.TokenIds) i[0], (float[]) i[1], STEPS, (int) i[2],
          (int) i[3], output).values()[0];
    }
    return sink;
  }
}
