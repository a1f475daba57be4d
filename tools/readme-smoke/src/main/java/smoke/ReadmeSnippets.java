package smoke;

import ai.lantern.core.Explanation;
import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.models.EmbeddedModels;
import java.util.List;

/** The README's library snippet, verbatim between the markers; exits non-zero if it goes wrong. */
public final class ReadmeSnippets {
  private ReadmeSnippets() {}

  public static void main(String[] args) {
    String top;
    // README snippet: begin
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(EmbeddedModels.path(EmbeddedModels.SST2_TINY))) {
      Prediction p = model.predict("I love you, I like you");
      System.out.println(p.label() + " " + p.probability());
      double[][] batch = model.predictProbabilities(List.of("great", "awful"));
      Explanation why = LimeTextExplainer.builder().setClassifier(model).build().explain("I love you, I like you");
      System.out.println(why.targets().get(0).byMagnitude().get(0).text());   // love
    // README snippet: end
      top = why.targets().get(0).byMagnitude().get(0).text();
      if (!p.label().equals("POSITIVE") || batch.length != 2) {
        throw new AssertionError("unexpected prediction " + p);
      }
    }
    if (!top.equals("love")) {
      throw new AssertionError("unexpected top word " + top);
    }
    System.out.println("README snippets: OK");
  }
}
