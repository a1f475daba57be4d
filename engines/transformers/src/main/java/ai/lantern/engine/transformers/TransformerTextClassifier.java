package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.ModelOutputException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.GradientTextClassifier;
import ai.lantern.core.Probabilities;
import ai.lantern.core.Task;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.TokenTaskModel;
import ai.lantern.core.spi.TokenizedText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A HuggingFace-style text model on any engine: the package's tokenizer and labels, length-sorted
 * padded batches, probabilities, sentence pairs, per-token outputs and word-embedding gradients.
 * An engine supplies only the forward pass ({@link TextNetwork}); {@code TransformerTextClassifier}
 * and {@code OnnxTextClassifier} are the engines' entry points.
 *
 * <p>Texts are tokenised with the package's tokenizer, sorted by length and sent in batches of
 * at most {@code maxBatchSize}, each padded to its own longest text; a text longer than the
 * model's maximum length is truncated (keeping its special tokens) with a warning. Empty and
 * whitespace-only texts are classified as the empty sequence ({@code [CLS] [SEP]} for BERT).
 *
 * <p>Thread-safe. All native memory of a call is released when the call returns. {@link #close()}
 * must not race with calls in progress; calls after it throw {@link IllegalStateException}.
 *
 * <p>Token-classification and question-answering models load through the same class and answer
 * {@link #predictTokenLogits}; the per-sequence methods refuse them.
 */
public abstract class TransformerTextClassifier implements GradientTextClassifier, TokenTaskModel, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransformerTextClassifier.class);

  static {
    // Before any engine subclass touches DJL: no downloads, no telemetry call home.
    Offline.ensure();
  }

  /** Texts tokenised at a time, in batches: bounds the memory of very long lists. */
  private static final int WINDOW_BATCHES = 16;
  /** Batches above this size gain little throughput on CPU while their padding grows. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 32;

  private final ModelPackage pkg;
  private final TextEncoder encoder;
  private final TextNetwork network;
  private final int maxBatchSize;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens the tokenizer of {@code pkg} and the network that {@code network} builds for it.
   *
   * @param pkg the opened model folder; not null
   * @param maxLength the longest token sequence, special tokens included (0: the model's maximum)
   * @param maxBatchSize the most sequences per forward pass; at least 1 (the {@link Builder} checks it)
   * @param network builds the engine's network; given the package and its tokenizer
   * @param checkEmptyText whether to run the empty text once, so that a network that disagrees with
   *     config.json fails here rather than on the first user text
   * @throws InvalidModelException if the tokenizer or the network cannot be loaded
   */
  protected TransformerTextClassifier(ModelPackage pkg, int maxLength, int maxBatchSize,
      BiFunction<ModelPackage, TextEncoder, TextNetwork> network, boolean checkEmptyText) {
    this.pkg = pkg;
    this.maxBatchSize = maxBatchSize;
    TextEncoder enc = new TextEncoder(pkg.tokenizer(), maxLength > 0 ? maxLength : pkg.config().maxLength());
    try {
      this.network = network.apply(pkg, enc);
      this.network.loadWarnings().forEach(w -> LOG.warn("{}: {}", pkg.directory(), w));
      if (checkEmptyText) {
        checkEmptyText(enc);
      }
    } catch (RuntimeException e) {
      enc.close();
      throw e;
    }
    this.encoder = enc;
  }

  /** Runs the empty text once, so that a network that disagrees with config.json fails at load. */
  private void checkEmptyText(TextEncoder enc) {
    float[] row;
    try {
      row = network.run(Batch.pad(new EncodedText[] {enc.encode("")}, pkg.padId()))[0];
    } catch (RuntimeException e) {
      network.close();
      throw new InvalidModelException(pkg.modelFile() + " fails on the empty text: " + rootMessage(e), e);
    }
    for (float l : row) {
      if (!Float.isFinite(l)) {
        network.close();
        throw new InvalidModelException(pkg.modelFile() + " returns non-finite logits " + Arrays.toString(row)
            + " for the empty text");
      }
    }
  }

  /**
   * The package this classifier was loaded from.
   *
   * @return the model folder's package; not null
   */
  public ModelPackage modelPackage() {
    return pkg;
  }

  /**
   * The longest token sequence sent to the model; longer texts are truncated.
   *
   * @return the length in tokens, special tokens included
   */
  public int maxLength() {
    return encoder.maxLength();
  }

  /**
   * The most sequences sent to the model in one forward pass.
   *
   * @return the batch size limit, at least 1
   */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  @Override
  public List<String> labels() {
    return pkg.config().labels();
  }

  /** What the package's logits are ({@code lantern.task}); multi-label models say {@link Task#MULTI_LABEL}. */
  @Override
  public Task task() {
    Task task = pkg.config().task();
    return task == Task.SEQUENCE_CLASSIFICATION && pkg.config().problemType() == ProblemType.MULTI_LABEL_CLASSIFICATION
        ? Task.MULTI_LABEL : task;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Batched and padded like texts; each sequence's rows stop at its own length.
   *
   * @throws LanternException if the package's model has one output row per sequence
   * @throws ModelOutputException if the model returns NaN or infinite logits
   */
  @Override
  public double[][][] predictTokenLogits(List<TokenIds> inputs) {
    Objects.requireNonNull(inputs, "inputs");
    ensureOpen();
    if (!pkg.config().perToken()) {
      throw new LanternException(pkg.directory() + " holds a sequence classifier (one output row per text); "
          + "per-token logits need a token-classification or question-answering package (lantern.task)");
    }
    EncodedText[] encoded = encodeIds(inputs);
    int classes = labels().size();
    double[][][] out = new double[encoded.length][][];
    forEachBatch(encoded, (index, row) -> {
      int len = encoded[index].length();
      double[][] rows = new double[len][classes];
      for (int i = 0; i < len; i++) {
        for (int c = 0; c < classes; c++) {
          float v = row[i * classes + c];
          if (!Float.isFinite(v)) {
            throw new ModelOutputException(pkg.modelFile().getFileName() + " returned a " + v + " logit at token "
                + i + " of token sequence #" + index + " " + inputs.get(index));
          }
          rows[i][c] = v;
        }
      }
      out[index] = rows;
    });
    return out;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code texts} holds a null
   * @throws ModelOutputException if the model returns NaN or infinite logits for a text
   * @throws IllegalStateException if the classifier is closed
   * @throws CancelledException if the thread is interrupted (checked between batches)
   */
  @Override
  public double[][] predictProbabilities(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    ensureOpen();
    // Texts are tokenised window by window, so that memory does not grow with the list.
    int window = WINDOW_BATCHES * maxBatchSize;
    double[][] out = new double[texts.size()][];
    int truncated = 0;
    int firstTruncated = -1;
    int firstTruncatedLength = 0;
    for (int from = 0; from < texts.size(); from += window) {
      int to = Math.min(texts.size(), from + window);
      EncodedText[] encoded = new EncodedText[to - from];
      for (int i = from; i < to; i++) {
        String text = texts.get(i);
        if (text == null) {
          throw new IllegalArgumentException("text #" + i + " is null");
        }
        encoded[i - from] = encoder.encode(text);
        if (encoded[i - from].truncated()) {
          truncated++;
          if (firstTruncated < 0) {
            firstTruncated = i;
            firstTruncatedLength = encoded[i - from].fullLength();
          }
        }
      }
      int offset = from;
      double[][] part = predictEncoded(encoded,
          i -> "text #" + (offset + i) + " \"" + abbreviate(texts.get(offset + i)) + "\"");
      System.arraycopy(part, 0, out, from, part.length);
    }
    if (truncated > 0) {
      LOG.warn("{} of {} texts exceed the model's maximum length of {} tokens and were truncated "
          + "(text #{} has {} tokens)", truncated, texts.size(), encoder.maxLength(), firstTruncated,
          firstTruncatedLength);
    }
    return out;
  }

  private static String abbreviate(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }

  @Override
  public TokenizedText tokenize(String text) {
    Objects.requireNonNull(text, "text");
    ensureOpen();
    return encoder.tokenize(text);
  }

  @Override
  public TokenizedText tokenizeWhole(String text) {
    Objects.requireNonNull(text, "text");
    ensureOpen();
    return encoder.tokenizeWhole(text);
  }

  @Override
  public TokenizedText tokenize(ai.lantern.core.TextPair pair) {
    Objects.requireNonNull(pair, "pair");
    ensureOpen();
    return encoder.tokenize(pair);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Encoded as {@code [CLS] text [SEP] pair [SEP]} (the tokenizer's pair template), with the
   * tokenizer's token types; batched and padded like single texts.
   */
  @Override
  public double[][] predictPairs(List<ai.lantern.core.TextPair> pairs) {
    return predictEncoded(encodePairs(pairs), i -> "pair #" + i + " " + pairs.get(i));
  }

  private EncodedText[] encodePairs(List<ai.lantern.core.TextPair> pairs) {
    Objects.requireNonNull(pairs, "pairs");
    ensureOpen();
    EncodedText[] encoded = new EncodedText[pairs.size()];
    for (int i = 0; i < encoded.length; i++) {
      if (pairs.get(i) == null) {
        throw new IllegalArgumentException("pair #" + i + " is null");
      }
      encoded[i] = encoder.encode(pairs.get(i));
    }
    return encoded;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Sequences are batched and padded like texts; they are sent as given (no special tokens
   * are added), so they should come from {@link #tokenize(String)}.
   */
  @Override
  public double[][] predictTokenIds(List<TokenIds> inputs) {
    Objects.requireNonNull(inputs, "inputs");
    ensureOpen();
    EncodedText[] encoded = encodeIds(inputs);
    return predictEncoded(encoded, i -> "token sequence #" + i + " " + inputs.get(i));
  }

  /**
   * What loading found that a person should know but that does not stop the model from working,
   * such as a tokenizer that reaches only part of the embedding table (also logged at load).
   *
   * @return the warnings, empty when there was nothing to say
   */
  public List<String> loadWarnings() {
    return network.loadWarnings();
  }

  /**
   * The network behind this classifier; for tests.
   *
   * @return the engine's forward pass, owned by this classifier
   */
  protected TextNetwork network() {
    return network;
  }

  /**
   * The logits of token sequences exactly as the network returns them, one row per sequence (a
   * per-token model's rows are flattened: {@code length × classes}); sequences are sent as given.
   *
   * @param inputs token ids and types of each sequence, special tokens included; not null
   * @return one row per input, in input order; NaN and infinite logits are returned as they are
   * @throws IllegalArgumentException if a sequence is empty or longer than {@link #maxLength()}
   * @throws IllegalStateException if the classifier is closed
   */
  public float[][] predictRawLogits(List<TokenIds> inputs) {
    Objects.requireNonNull(inputs, "inputs");
    ensureOpen();
    EncodedText[] encoded = encodeIds(inputs);
    float[][] out = new float[encoded.length][];
    int classes = labels().size();
    boolean perToken = pkg.config().perToken();
    // A per-token row holds the whole padded batch width: keep the sequence's own tokens.
    forEachBatch(encoded, (index, row) -> out[index] = perToken
        ? Arrays.copyOf(row, encoded[index].length() * classes) : row);
    return out;
  }

  private EncodedText[] encodeIds(List<TokenIds> inputs) {
    EncodedText[] encoded = new EncodedText[inputs.size()];
    for (int i = 0; i < encoded.length; i++) {
      TokenIds t = inputs.get(i);
      if (t == null || t.length() == 0 || t.length() > encoder.maxLength()) {
        throw new IllegalArgumentException("token sequence #" + i + " has " + (t == null ? "no" : t.length())
            + " tokens; it needs 1.." + encoder.maxLength());
      }
      encoded[i] = new EncodedText(t.ids(), t.typeIds(), false, t.length());
    }
    return encoded;
  }

  /**
   * The raw logits of sentence pairs, one row per pair: what zero-shot classification compares
   * across candidate labels (HuggingFace's pipeline takes a softmax of the entailment logits).
   *
   * @throws IllegalArgumentException if a pair is null
   */
  @Override
  public double[][] predictPairLogits(List<ai.lantern.core.TextPair> pairs) {
    EncodedText[] encoded = encodePairs(pairs);
    requireSequenceLevel();
    double[][] out = new double[encoded.length][];
    forEachBatch(encoded, (index, row) -> {
      toProbabilities(row, index, i -> "pair #" + i + " " + pairs.get(i)); // the finiteness check
      double[] d = new double[row.length];
      for (int c = 0; c < row.length; c++) {
        d[c] = row[c];
      }
      out[index] = d;
    });
    return out;
  }

  private void requireSequenceLevel() {
    if (pkg.config().perToken()) {
      throw new LanternException(pkg.directory() + " holds a " + pkg.config().task().name().toLowerCase(java.util.Locale.ROOT)
          .replace('_', '-') + " model (an output row per token), not a sequence classifier; explain it with "
          + (pkg.config().task() == Task.QUESTION_ANSWERING ? "QuestionAnsweringExplainer" : "TokenClassificationExplainer"));
    }
  }

  @Override
  public OptionalLong tokenId(String token) {
    ensureOpen();
    return encoder.tokenId(token);
  }

  @Override
  public boolean isGradientReady() {
    return network.gradientReady();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Whether a model is gradient-ready depends on its engine and format: a HuggingFace folder
   * on the PyTorch engine always is; a TorchScript package needs its {@code embed} and
   * {@code forward_embeds} methods; an ONNX model never is.
   *
   * @throws LanternException naming the reason and what to load instead, if it is not
   */
  @Override
  public EmbeddingGradients embeddingGradients() {
    ensureOpen();
    return network.gradients();
  }

  @Override
  public OptionalLong maskTokenId() {
    return pkg.maskId() == null ? OptionalLong.empty() : OptionalLong.of(pkg.maskId());
  }

  @Override
  public OptionalLong unknownTokenId() {
    return pkg.unknownId() == null ? OptionalLong.empty() : OptionalLong.of(pkg.unknownId());
  }

  @Override
  public long padTokenId() {
    return pkg.padId();
  }

  /** @param describe names input {@code i} in error messages, computed only on error */
  private double[][] predictEncoded(EncodedText[] encoded, java.util.function.IntFunction<String> describe) {
    requireSequenceLevel();
    double[][] out = new double[encoded.length][];
    forEachBatch(encoded, (index, row) -> out[index] = toProbabilities(row, index, describe));
    return out;
  }

  /** Sends the sequences in length-sorted, padded batches; hands each sequence's output row to {@code sink}. */
  private void forEachBatch(EncodedText[] encoded, RowSink sink) {
    Integer[] order = new Integer[encoded.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encoded[i].length()));
    for (int start = 0; start < order.length; start += maxBatchSize) {
      CancelledException.checkInterrupted("prediction");
      int end = Math.min(order.length, start + maxBatchSize);
      EncodedText[] chunk = new EncodedText[end - start];
      for (int k = start; k < end; k++) {
        chunk[k - start] = encoded[order[k]];
      }
      float[][] logits = run(Batch.pad(chunk, pkg.padId()));
      for (int k = start; k < end; k++) {
        sink.accept(order[k], logits[k - start]);
      }
    }
  }

  private interface RowSink {
    void accept(int index, float[] row);
  }

  private double[] toProbabilities(float[] logits, int index, java.util.function.IntFunction<String> describe) {
    for (float l : logits) {
      if (!Float.isFinite(l)) {
        throw new ModelOutputException(pkg.modelFile().getFileName() + " returned " + l + " logits "
            + Arrays.toString(logits) + " for " + describe.apply(index));
      }
    }
    if (pkg.config().problemType() == ProblemType.MULTI_LABEL_CLASSIFICATION || logits.length == 1) {
      return Probabilities.sigmoid(logits);
    }
    return Probabilities.softmax(logits);
  }

  private float[][] run(Batch batch) {
    return network.run(batch);
  }

  /**
   * The exception to throw for an engine failure: Lantern's own if the engine passed one through.
   *
   * @param e the engine's exception; not null
   * @return the first {@link LanternException} in the cause chain of {@code e} (itself included), else a new
   *     one that wraps {@code e} with its {@link #rootMessage(Throwable)}
   */
  public static RuntimeException unwrap(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof LanternException le) {
        return le;
      }
    }
    return new LanternException("the model failed on a batch: " + rootMessage(e), e);
  }

  /**
   * The message of the innermost cause, short enough for one error line.
   *
   * @param e the exception; not null
   * @return the root cause's first message line (its class name when it has no message), with the line
   *     that names the error of a multi-line libtorch message; cut at 600 characters
   */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    int newline = m.indexOf('\n');
    if (newline < 0) {
      return m;
    }
    // libtorch's messages open with a generic line ("The following operation failed in the
    // TorchScript interpreter.") and state the cause further down ("RuntimeError: index out of
    // range in self"), followed by C++ frames: keep the opening line and the cause.
    String first = m.substring(0, newline).strip();
    String cause = null;
    for (String line : m.split("\n")) {
      String l = line.strip();
      if (l.matches("[A-Za-z.]*(Error|Exception): .*")) {
        cause = l;
      }
    }
    String out = cause == null || cause.equals(first) ? first : first + " ... " + cause;
    return out.length() > 600 ? out.substring(0, 600) + "..." : out;
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this classifier of " + pkg.directory() + " is closed");
    }
  }

  /** Releases the model, its predictors and the tokenizer. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      network.close();
      encoder.close();
    }
  }

  /**
   * The settings every engine's classifier shares; {@code set…} is required, {@code opt…} optional.
   *
   * @param <B> the engine's builder
   * @param <C> the classifier it builds
   */
  public abstract static class Builder<B extends Builder<B, C>, C extends TransformerTextClassifier> {
    private Path modelPath;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private int maxLength;

    /** An empty builder with the default batch size and the model's maximum length; for engines' builders. */
    protected Builder() {}

    @SuppressWarnings("unchecked")
    private B self() {
      return (B) this;
    }

    /**
     * The model folder (required).
     *
     * @param modelPath the folder; checked when the classifier is built
     * @return this builder
     */
    public B setModelPath(Path modelPath) {
      this.modelPath = modelPath;
      return self();
    }

    /**
     * Most texts per forward pass; bounds memory (default {@value TransformerTextClassifier#DEFAULT_MAX_BATCH_SIZE}).
     *
     * @param maxBatchSize the batch size limit; at least 1, checked when the classifier is built
     * @return this builder
     */
    public B optMaxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return self();
    }

    /**
     * Truncate texts to fewer tokens than the model allows (default: the model's maximum).
     *
     * @param maxLength tokens per sequence, special tokens included: 2 to the model's maximum, or 0 for that
     *     maximum; checked when the classifier is built
     * @return this builder
     */
    public B optMaxLength(int maxLength) {
      this.maxLength = maxLength;
      return self();
    }

    /**
     * The batch size set, for the engine's classifier.
     *
     * @return the value of {@link #optMaxBatchSize(int)}, or the default
     */
    protected int maxBatchSize() {
      return maxBatchSize;
    }

    /**
     * The maximum length set, for the engine's classifier.
     *
     * @return the value of {@link #optMaxLength(int)}, or 0 for the model's maximum
     */
    protected int maxLength() {
      return maxLength;
    }

    /**
     * Checks the settings and opens the folder with {@code open}.
     *
     * @param open reads the model path as the engine needs, e.g. {@code ModelPackage::open} or
     *     {@code ModelPackage::openOnnx}
     * @return the opened package, its maximum length checked against {@link #optMaxLength(int)}
     * @throws IllegalArgumentException if a setting is out of range
     * @throws InvalidModelException if the folder is missing, malformed or inconsistent
     */
    protected ModelPackage open(java.util.function.Function<Path, ModelPackage> open) {
      if (modelPath == null) {
        throw new IllegalArgumentException("setModelPath(...) is required");
      }
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
      }
      ModelPackage pkg = open.apply(modelPath);
      if (maxLength != 0 && (maxLength < 2 || maxLength > pkg.config().maxLength())) {
        throw new IllegalArgumentException("maxLength must lie in 2.." + pkg.config().maxLength()
            + " (the model's maximum), got " + maxLength);
      }
      return pkg;
    }

    /**
     * Validates the settings, opens the folder and loads the model.
     *
     * @return the loaded classifier; the caller closes it
     * @throws IllegalArgumentException if a setting is out of range
     * @throws InvalidModelException if the folder is missing, malformed or inconsistent
     */
    public abstract C build();
  }
}
