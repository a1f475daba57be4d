package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Feature selection and the final ridge against scikit-learn (Ridge, lars_path, r2_score) on the
 * same samples, labels and weights: tools/golden/lime_golden.py.
 */
class SurrogateGoldenTest {

  @Test
  void everySelectionModeMatchesScikitLearn() {
    int checked = 0;
    for (JsonElement ce : Golden.read("surrogate").getAsJsonArray("cases")) {
      JsonObject c = ce.getAsJsonObject();
      JsonArray data = c.getAsJsonArray("data");
      JsonArray probs = c.getAsJsonArray("probabilities");
      double[] distances = Golden.doubles(c.getAsJsonArray("distances"));
      int d = data.get(0).getAsJsonArray().size();
      SampleStatistics stats = new SampleStatistics(d, 2);
      Kernel kernel = Kernel.exponential(25);
      for (int i = 0; i < data.size(); i++) {
        stats.addDense(Golden.doubles(data.get(i).getAsJsonArray()), Golden.doubles(probs.get(i).getAsJsonArray()),
            kernel.weight(distances[i]));
      }
      for (JsonElement re : c.getAsJsonArray("results")) {
        JsonObject r = re.getAsJsonObject();
        String what = "case " + c.get("id") + " " + r.get("method").getAsString() + " k=" + r.get("numFeatures")
            + " label " + r.get("label");
        WeightedProblem p = stats.centred(r.get("label").getAsInt());
        FeatureSelection mode = FeatureSelection.parse(r.get("method").getAsString());
        int[] selected = mode.select(p, r.get("numFeatures").getAsInt());
        assertArrayEquals(Golden.ints(r.getAsJsonArray("selected")), selected, what);
        WeightedProblem.Fit fit = p.ridge(selected, 1.0);
        JsonObject coefs = r.getAsJsonObject("coefficients");
        for (int i = 0; i < selected.length; i++) {
          assertEquals(coefs.get(Integer.toString(selected[i])).getAsDouble(), fit.coefficients()[i], 1e-8,
              what + " coefficient of " + selected[i]);
        }
        assertEquals(r.get("intercept").getAsDouble(), fit.intercept(), 1e-8, what + " intercept");
        assertEquals(r.get("score").getAsDouble(), fit.score(), 1e-8, what + " score");
        assertEquals(r.get("localPrediction").getAsDouble(), fit.localPrediction(), 1e-8, what + " local");
        checked++;
      }
    }
    assertEquals(3 * 5 * 4 * 2, checked);
  }

  @Test
  void unknownModeListsValidOnes() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> FeatureSelection.parse("lars"));
    assertEquals("unknown feature selection 'lars'; valid: [auto, forward_selection, highest_weights, lasso_path, "
        + "none]", e.getMessage());
    assertEquals(FeatureSelection.LASSO_PATH, FeatureSelection.parse("lasso-path"));
    assertEquals(Arrays.asList(FeatureSelection.values()).size(), 5);
  }
}
