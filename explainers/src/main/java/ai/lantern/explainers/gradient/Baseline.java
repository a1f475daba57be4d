package ai.lantern.explainers.gradient;

import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import java.util.Objects;
import java.util.function.Function;

/**
 * The reference input of Integrated Gradients, in token ids or directly in embeddings.
 */
public abstract sealed class Baseline {
  private Baseline() {}

  /**
   * transformers-interpret's default: every token replaced by the padding token, special tokens
   * ({@code [CLS]}, {@code [SEP]}, {@code <s>}…) kept in place, so pairs keep their separators.
   *
   * @return the padding baseline, with the model's padding token id
   */
  public static Baseline pad() {
    return new Tokens(null);
  }

  /**
   * Every non-special token replaced by {@code tokenId} (e.g. the mask or unknown token).
   *
   * @param tokenId an id in the model's vocabulary (not checked here)
   * @return a baseline of token ids, special tokens kept in place
   */
  public static Baseline token(long tokenId) {
    return new Tokens(tokenId);
  }

  /**
   * Caller-supplied embeddings: for a tokenised text, {@code length × hidden} values, row-major.
   * An array of another length makes the explanation throw {@link IllegalArgumentException}.
   *
   * @param embeddings called once per explanation with the text's tokens (both texts of a pair); not {@code null}
   * @return a baseline given as embeddings
   */
  public static Baseline embeddings(Function<TokenizedText, float[]> embeddings) {
    return new Embeddings(Objects.requireNonNull(embeddings, "embeddings"));
  }

  /** A baseline made of token ids. */
  static final class Tokens extends Baseline {
    private final Long tokenId;

    private Tokens(Long tokenId) {
      this.tokenId = tokenId;
    }

    TokenIds ids(TokenizedText text, long padId) {
      long replacement = tokenId == null ? padId : tokenId;
      long[] ids = text.ids().ids();
      for (int i = 0; i < ids.length; i++) {
        if (!text.isSpecial(i)) {
          ids[i] = replacement;
        }
      }
      return new TokenIds(ids, text.ids().typeIds());
    }
  }

  /** A baseline given as embeddings. */
  static final class Embeddings extends Baseline {
    private final Function<TokenizedText, float[]> embeddings;

    private Embeddings(Function<TokenizedText, float[]> embeddings) {
      this.embeddings = embeddings;
    }

    float[] of(TokenizedText text) {
      return embeddings.apply(text);
    }
  }
}
