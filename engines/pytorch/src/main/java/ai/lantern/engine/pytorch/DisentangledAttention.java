package ai.lantern.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.lantern.engine.transformers.HfArchitecture;

/**
 * DeBERTa-v2/v3's relative-position terms of the attention scores (He et al., "DeBERTa:
 * Decoding-enhanced BERT with Disentangled Attention"), as HuggingFace computes them: the
 * content-to-position term {@code Q · P_kᵀ} and the position-to-content term {@code K · P_qᵀ},
 * each read at the relative position {@code i − j} (log-bucketed beyond half of
 * {@code position_buckets}) clipped to the span, and divided by {@code √(d · scale factor)}.
 *
 * <p>The position projections of every layer depend on weights only, so they are computed once
 * at load. The gather indexes depend on {@code i − j} only: one table per diagonal, made at load,
 * gives every length's indexes, which a call builds once ({@link #indexes}) for all its layers.
 */
final class DisentangledAttention {
  private final HfArchitecture.Deberta config;
  private final int heads;
  private final int width;
  /** Per layer: projected relative embeddings as keys, {@code [1, heads, width, 2·span]}; null without c2p. */
  private final NDArray[] positionKeys;
  /** Per layer: projected relative embeddings as queries, {@code [1, heads, width, 2·span]}; null without p2c. */
  private final NDArray[] positionQueries;
  /** c2p and p2c index of relative position {@code r}, at {@code r + maxLength − 1}. */
  private final long[] c2pByDistance;
  private final long[] p2cByDistance;
  private final int maxLength;

  /** The gather indexes of one call, {@code [batch, heads, length, length]}, shared by its layers. */
  record Indexes(NDArray c2p, NDArray p2c) {}

  /**
   * @param relative the relative-position embeddings, layer-normalised when configured: {@code [≥ 2·span, hidden]}
   * @param keys each layer's projection of positions to keys (the content key projection when shared)
   * @param queries each layer's projection of positions to queries
   */
  DisentangledAttention(HfArchitecture arch, NDArray relative, Linear[] keys, Linear[] queries) {
    this.config = arch.deberta();
    this.maxLength = arch.maxPositions();
    this.c2pByDistance = new long[2 * maxLength - 1];
    this.p2cByDistance = new long[2 * maxLength - 1];
    int span = config.span();
    for (int d = -(maxLength - 1); d < maxLength; d++) {
      long r = bucket(d);
      c2pByDistance[d + maxLength - 1] = Math.max(0, Math.min(2L * span - 1, r + span));
      p2cByDistance[d + maxLength - 1] = Math.max(0, Math.min(2L * span - 1, -r + span));
    }
    this.heads = arch.heads();
    this.width = arch.hidden() / arch.heads();
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
   * The gather indexes of a batch of {@code length} tokens, in {@code m}: built once per call, used
   * by every layer.
   */
  Indexes indexes(NDManager m, long batch, int length) {
    Shape full = new Shape(batch, heads, length, length);
    return new Indexes(config.c2p() ? index(m, c2pByDistance, length).broadcast(full) : null,
        config.p2c() ? index(m, p2cByDistance, length).broadcast(full) : null);
  }

  private NDArray index(NDManager m, long[] byDistance, int length) {
    long[] out = new long[length * length];
    for (int i = 0; i < length; i++) {
      // entry (i, j) is the index of distance i − j
      for (int j = 0; j < length; j++) {
        out[i * length + j] = byDistance[i - j + maxLength - 1];
      }
    }
    return m.create(out, new Shape(1, 1, length, length));
  }

  /**
   * The relative terms for layer {@code layer}, to add to the content scores.
   *
   * @param q queries {@code [batch, heads, length, width]}
   * @param k keys {@code [batch, heads, length, width]}
   * @return {@code [batch, heads, length, length]}, in {@code q}'s manager
   */
  NDArray scores(int layer, NDArray q, NDArray k, Indexes indexes) {
    NDArray scale = HfTransformer.constant(q, (float) Math.sqrt(width * (double) config.scaleFactor()));
    NDArray score = null;
    if (config.c2p()) {
      score = q.matMul(positionKeys[layer]).gather(indexes.c2p(), -1).div(scale);
    }
    if (config.p2c()) {
      NDArray p2c = k.matMul(positionQueries[layer]).gather(indexes.p2c(), -1).transpose(0, 1, 3, 2).div(scale);
      score = score == null ? p2c : score.add(p2c);
    }
    return score;
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
