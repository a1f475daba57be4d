package ai.lantern.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.lantern.engine.transformers.HfArchitecture;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DeBERTa-v2/v3's relative-position terms of the attention scores (He et al., "DeBERTa:
 * Decoding-enhanced BERT with Disentangled Attention"), as HuggingFace computes them: the
 * content-to-position term {@code Q · P_kᵀ} and the position-to-content term {@code K · P_qᵀ},
 * each read at the relative position {@code i − j} (log-bucketed beyond half of
 * {@code position_buckets}) clipped to the span, and divided by {@code √(d · scale factor)}.
 *
 * <p>The position projections of every layer depend on weights only, so they are computed once
 * at load; the relative-position indexes depend on the length only and are cached per length.
 */
final class DisentangledAttention {
  private final HfArchitecture.Deberta config;
  private final int heads;
  private final int width;
  /** Per layer: projected relative embeddings as keys, {@code [1, heads, width, 2·span]}; null without c2p. */
  private final NDArray[] positionKeys;
  /** Per layer: projected relative embeddings as queries, {@code [1, heads, width, 2·span]}; null without p2c. */
  private final NDArray[] positionQueries;
  private final Map<Integer, long[][]> indexes = new ConcurrentHashMap<>();

  /**
   * @param relative the relative-position embeddings, layer-normalised when configured: {@code [≥ 2·span, hidden]}
   * @param keys each layer's projection of positions to keys (the content key projection when shared)
   * @param queries each layer's projection of positions to queries
   */
  DisentangledAttention(HfArchitecture arch, NDArray relative, Linear[] keys, Linear[] queries) {
    this.config = arch.deberta();
    this.heads = arch.heads();
    this.width = arch.hidden() / arch.heads();
    int span = config.span();
    NDArray rel = relative.get("0:" + (2 * span) + ", :");
    this.positionKeys = new NDArray[keys.length];
    this.positionQueries = new NDArray[queries.length];
    for (int l = 0; l < keys.length; l++) {
      positionKeys[l] = config.c2p() ? split(keys[l].apply(rel), span) : null;
      positionQueries[l] = config.p2c() ? split(queries[l].apply(rel), span) : null;
    }
  }

  /** {@code [2·span, heads·width]} to {@code [1, heads, width, 2·span]}. */
  private NDArray split(NDArray projected, int span) {
    return projected.reshape(1, 2L * span, heads, width).transpose(0, 2, 3, 1);
  }

  /**
   * The relative terms for layer {@code layer}, to add to the content scores.
   *
   * @param q queries {@code [batch, heads, length, width]}
   * @param k keys {@code [batch, heads, length, width]}
   * @return {@code [batch, heads, length, length]}, in {@code q}'s manager
   */
  NDArray scores(int layer, NDArray q, NDArray k) {
    long batch = q.getShape().get(0);
    int length = (int) q.getShape().get(2);
    NDManager m = q.getManager();
    long[][] index = indexes.computeIfAbsent(length, this::index);
    Shape full = new Shape(batch, heads, length, length);
    float scale = (float) Math.sqrt(width * (double) config.scaleFactor());
    NDArray score = null;
    if (config.c2p()) {
      NDArray c2p = q.matMul(positionKeys[layer]).gather(m.create(index[0], new Shape(1, 1, length, length))
          .broadcast(full), -1);
      score = c2p.div(scale);
    }
    if (config.p2c()) {
      NDArray p2c = k.matMul(positionQueries[layer]).gather(m.create(index[1], new Shape(1, 1, length, length))
          .broadcast(full), -1).transpose(0, 1, 3, 2).div(scale);
      score = score == null ? p2c : score.add(p2c);
    }
    return score;
  }

  /** The c2p index {@code clip(r(i − j) + span)} and the p2c index {@code clip(−r(i − j) + span)}, row-major. */
  private long[][] index(int length) {
    int span = config.span();
    long[] c2p = new long[length * length];
    long[] p2c = new long[length * length];
    for (int i = 0; i < length; i++) {
      for (int j = 0; j < length; j++) {
        long r = bucket(i - j);
        c2p[i * length + j] = Math.max(0, Math.min(2L * span - 1, r + span));
        p2c[i * length + j] = Math.max(0, Math.min(2L * span - 1, -r + span));
      }
    }
    return new long[][] {c2p, p2c};
  }

  /** HuggingFace's make_log_bucket_position, in float32 like its tensors. */
  private long bucket(int relative) {
    int size = config.buckets();
    int max = config.maxRelative();
    if (size <= 0 || max <= 0) {
      return relative;
    }
    int mid = size / 2;
    int abs = relative < mid && relative > -mid ? mid - 1 : Math.abs(relative);
    if (abs <= mid) {
      return relative;
    }
    float ratio = (float) Math.log((float) abs / mid);
    float base = (float) Math.log((float) ((max - 1) / (double) mid));
    float log = (float) Math.ceil(ratio / base * (mid - 1)) + mid;
    return (long) (log * Integer.signum(relative));
  }

  /** A linear layer, as {@link HfTransformer} holds them. */
  interface Linear {
    NDArray apply(NDArray x);
  }
}
