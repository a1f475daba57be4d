package ai.lantern.explainers.tasks;

import ai.lantern.core.EntitySpan;
import ai.lantern.core.Span;
import ai.lantern.core.TokenPrediction;
import java.util.ArrayList;
import java.util.List;

/** Entities from labelled words, as HuggingFace's token-classification pipeline groups them. */
final class BioEntities {
  private BioEntities() {}

  /**
   * Groups words into entities: {@code B-X} starts one, {@code I-X} continues an {@code X} (or
   * starts one after anything else, as HuggingFace's simple aggregation does), {@code O} ends it;
   * a label without a prefix is its own type, consecutive words of that type joined.
   */
  static List<EntitySpan> of(String text, List<TokenPrediction> words) {
    List<EntitySpan> out = new ArrayList<>();
    String type = null;
    int first = -1;
    int from = 0;
    double sum = 0;
    int count = 0;
    TokenPrediction previous = null;
    for (TokenPrediction w : words) {
      String label = w.label();
      boolean outside = label.equals("O");
      boolean begins = label.startsWith("B-");
      String wordType = outside ? null : label.startsWith("B-") || label.startsWith("I-") ? label.substring(2) : label;
      boolean continues = type != null && !outside && !begins && wordType.equals(type);
      if (!continues && type != null) {
        out.add(entity(text, type, from, previous, sum / count, first));
        type = null;
      }
      if (!outside && !continues) {
        type = wordType;
        first = w.position();
        from = w.span().start();
        sum = 0;
        count = 0;
      }
      if (type != null) {
        sum += w.probability();
        count++;
      }
      previous = w;
    }
    if (type != null) {
      out.add(entity(text, type, from, previous, sum / count, first));
    }
    return out;
  }

  private static EntitySpan entity(String text, String type, int from, TokenPrediction lastWord, double score,
      int first) {
    Span span = new Span(from, lastWord.span().end());
    return new EntitySpan(type, text.substring(span.start(), span.end()), span, score, first, lastWord.position());
  }

}
