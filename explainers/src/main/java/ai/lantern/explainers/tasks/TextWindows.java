package ai.lantern.explainers.tasks;

import ai.lantern.core.Span;
import ai.lantern.core.TextPair;
import ai.lantern.core.TokenTaskModel;
import ai.lantern.core.spi.TokenizedText;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a text longer than a model accepts into windows of consecutive tokens that overlap by a
 * stride, each the tokenization of its substring of the text (with a question before it, for
 * question answering), as HuggingFace's pipelines do with {@code stride}/{@code doc_stride}.
 */
final class TextWindows {
  private TextWindows() {}

  /**
   * One window.
   *
   * @param tokens its encoding (spans of the text's tokens index into the substring)
   * @param offset where the substring starts in the text
   */
  record Window(TokenizedText tokens, int offset) {}

  /**
   * @param question the first text of every window's pair, or {@code null} for a single text
   * @param whole the whole text's tokens ({@link TokenTaskModel#tokenizeWhole})
   * @param stride tokens shared by consecutive windows (at most half a window is used)
   * @throws IllegalArgumentException if the question leaves no room for the text
   */
  static List<Window> cut(TokenTaskModel model, String question, String text, TokenizedText whole, int stride) {
    int fixed = 0;
    if (question != null) {
      TokenizedText q = model.tokenize(question);
      if (q.truncated()) {
        throw new IllegalArgumentException("the question alone is longer than the model's " + model.maxLength()
            + " tokens, which leaves no room for the context");
      }
      for (int i = 0; i < q.size(); i++) {
        fixed += q.isSpecial(i) ? 0 : 1;
      }
    }
    TokenizedText probe = question == null ? model.tokenize("a") : model.tokenize(new TextPair(question, "a"));
    int specials = 0;
    for (int i = 0; i < probe.size(); i++) {
      specials += probe.isSpecial(i) ? 1 : 0;
    }
    int room = model.maxLength() - fixed - specials;
    if (room < 1) {
      throw new IllegalArgumentException("the question has " + fixed + " tokens, which with " + specials
          + " special tokens leaves no room for the context within the model's " + model.maxLength() + " tokens");
    }
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < whole.size(); i++) {
      if (!whole.isSpecial(i) && whole.spans().get(i) != null) {
        spans.add(whole.spans().get(i));
      }
    }
    int overlap = Math.min(stride, room / 2);
    List<Window> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int to = Math.min(spans.size(), from + room);
      TokenizedText window;
      int offset;
      while (true) {
        offset = spans.get(from).start();
        String part = text.substring(offset, spans.get(to - 1).end());
        window = question == null ? model.tokenize(part) : model.tokenize(new TextPair(question, part));
        // A substring can tokenize a little differently from the whole; shrink until it fits.
        if (!window.truncated() || to - 1 == from) {
          break;
        }
        to--;
      }
      out.add(new Window(window, offset));
      if (to >= spans.size()) {
        return out;
      }
      from = Math.max(from + 1, to - overlap);
    }
  }
}
