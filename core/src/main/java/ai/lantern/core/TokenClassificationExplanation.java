package ai.lantern.core;

import java.util.List;
import java.util.Objects;

/**
 * Why a token-classification model labelled the tokens of a text as it did.
 *
 * @param method {@code lig} or {@code lime}; {@code none} for labels without attributions
 * @param text the explained text
 * @param tokens every non-special token's predicted label
 * @param words every word's label (that of its first token), as {@link TokenPrediction}s whose
 *     span covers the whole word
 * @param entities the words grouped into entities by their {@code B-}/{@code I-} labels
 * @param targets one explanation per explained token: {@link TargetExplanation#index()} is the
 *     token's position in the whole text's tokenization ({@code TokenTaskModel.tokenizeWhole},
 *     special tokens counted; for a text that fits the model, the same as {@code tokenize}),
 *     {@link TargetExplanation#label()} its predicted label,
 *     {@link TargetExplanation#modelValue()} that label's probability; its attributions cover the
 *     tokens of the window the token was explained in (the whole text when it fits), spans in the
 *     whole text, feature indexes as token positions (LIG) or as LIME's feature numbers
 * @param diagnostics the cost of all the explanations together
 */
public record TokenClassificationExplanation(
    String method, String text, List<TokenPrediction> tokens, List<TokenPrediction> words, List<EntitySpan> entities,
    List<TargetExplanation> targets, Diagnostics diagnostics) {
  /**
   * Checks the method, the text and the diagnostics and copies the lists.
   *
   * @param method {@code lig} or {@code lime}; {@code none} for labels without attributions; not null
   * @param text the explained text; not null
   * @param tokens every non-special token's predicted label; not null
   * @param words every word's label, spans covering the whole word; not null
   * @param entities the words grouped into entities; not null
   * @param targets one explanation per explained token; not null
   * @param diagnostics the cost of all the explanations together; not null
   */
  public TokenClassificationExplanation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(diagnostics, "diagnostics");
    tokens = List.copyOf(tokens);
    words = List.copyOf(words);
    entities = List.copyOf(entities);
    targets = List.copyOf(targets);
  }

  /**
   * The explanation of the token at {@code position}.
   *
   * @param position the token's position in the whole text's tokenization, special tokens counted
   * @return the first target explaining that token
   * @throws IllegalArgumentException if that token was not explained
   */
  public TargetExplanation target(int position) {
    return targets.stream().filter(t -> t.index() == position).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("token " + position + " was not explained; explained: "
            + targets.stream().map(TargetExplanation::index).toList()));
  }
}
