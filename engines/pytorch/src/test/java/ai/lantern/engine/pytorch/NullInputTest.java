package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A null text gets a message that says so, not a bare NullPointerException from deep inside. */
class NullInputTest {
  @Test
  void nullTextsAreRefusedByName() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("sst2-tiny"))) {
      assertEquals("cannot predict for null: give a text (an empty one is allowed)",
          assertThrows(IllegalArgumentException.class, () -> model.predict(null)).getMessage());
      assertEquals("text #1 is null",
          assertThrows(IllegalArgumentException.class,
              () -> model.predictProbabilities(Arrays.asList("good", null))).getMessage());
    }
  }
}
