package ai.lantern.explainers.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.gradient.IntegrationMethod;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Integrated Gradients and NoiseTunnel on pixels against PyTorch autograd
 * ({@code tools/fixtures/make_image_fixtures.py}): every integration method, within 1e-4; the
 * reference's noise injected for NoiseTunnel.
 */
class ImageIntegratedGradientsGoldenTest {
  private static JsonObject golden() {
    try (var in = new InputStreamReader(ImageIntegratedGradientsGoldenTest.class.getResourceAsStream(
        "/golden/image-ig.json"), StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(in).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonElement c : golden().getAsJsonArray("cases")) {
      out.add(Arguments.of(c.getAsJsonObject().get("model").getAsString(), c.getAsJsonObject()));
    }
    return out.stream();
  }

  static PyTorchImageClassifier load(String name) {
    return PyTorchImageClassifier.load(Path.of(System.getProperty("lantern.models.dir"), name));
  }

  static float[] floats(JsonArray a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.get(i).getAsFloat();
    }
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void equalsAutogradForEveryIntegrationMethodAndNoiseTunnelType(String name, JsonObject c) {
    try (PyTorchImageClassifier model = load(name)) {
      // The file's pixels through the processor equal the reference's pixel_values.
      float[] pixels = model.processor().pixelValues(ImageProcessor.read(model.directory().resolve(
          c.get("image").getAsString())));
      assertArrayEquals(floats(c.getAsJsonArray("pixelValues")), pixels, 1e-6f);
      int target = c.get("target").getAsInt();
      assertEquals(target, model.predict(ImageProcessor.read(model.directory().resolve(c.get("image").getAsString())))
          .index());
      int checked = 0;
      for (JsonElement e : c.getAsJsonArray("ig")) {
        JsonObject g = e.getAsJsonObject();
        ImageIntegratedGradients ig = ImageIntegratedGradients.builder().setModel(model)
            .optIntegrationMethod(IntegrationMethod.parse(g.get("method").getAsString()))
            .optSteps(g.get("steps").getAsInt()).optInternalBatchSize(7).build();
        ImageAttribution a = ig.explain(pixels, null);
        assertEquals(target, a.target());
        assertArrayEquals(floats(g.getAsJsonArray("attributions")), a.attributions(), 1e-4f,
            g.get("method") + " " + g.get("steps"));
        assertEquals(g.get("delta").getAsDouble(), a.convergenceDelta(), 1e-4, g.get("method") + " delta");
        checked++;
      }
      assertEquals(6, checked);
      for (JsonElement e : c.getAsJsonArray("noiseTunnel")) {
        JsonObject n = e.getAsJsonObject();
        float[] noise = floats(n.getAsJsonArray("noise"));
        NoiseTunnel nt = NoiseTunnel.builder().setIntegratedGradients(ImageIntegratedGradients.builder()
            .setModel(model).optSteps(n.get("steps").getAsInt()).build())
            .optType(NoiseTunnel.Type.parse(n.get("type").getAsString())).optSamples(n.get("samples").getAsInt())
            .optNoise((copies, size) -> {
              assertEquals(noise.length, copies * size, "one round of every copy, as the reference");
              return noise;
            }).build();
        assertArrayEquals(floats(n.getAsJsonArray("attributions")), nt.explain(pixels, target).attributions(), 1e-4f,
            n.get("type").getAsString());
      }
    }
  }

  @Test
  void thePlantedPatchRanksFirstForIntegratedGradientsAndNoiseTunnel() {
    try (PyTorchImageClassifier model = load("planted-image")) {
      float[] pixels = model.processor().pixelValues(ImageProcessor.read(model.directory().resolve("patch.png")));
      ImageAttribution ig = ImageIntegratedGradients.builder().setModel(model).build().explain(pixels, null);
      assertEquals("PATCH", ig.label());
      assertPatchFirst(ig);
      for (NoiseTunnel.Type type : NoiseTunnel.Type.values()) {
        ImageAttribution nt = NoiseTunnel.builder().setIntegratedGradients(ImageIntegratedGradients.builder()
            .setModel(model).optSteps(5).build()).optType(type).optStdev(0.2).optSeed(3).build().explain(pixels, 1);
        assertPatchFirst(nt);
      }
    }
  }

  /** The 16 pixels of the patch hold the 16 largest |channel sums|. */
  private static void assertPatchFirst(ImageAttribution a) {
    double[][] m = a.channelSum();
    double minInside = Double.MAX_VALUE;
    double maxOutside = 0;
    for (int y = 0; y < m.length; y++) {
      for (int x = 0; x < m[0].length; x++) {
        boolean inside = y >= 6 && y < 10 && x >= 6 && x < 10;
        if (inside) {
          minInside = Math.min(minInside, Math.abs(m[y][x]));
        } else {
          maxOutside = Math.max(maxOutside, Math.abs(m[y][x]));
        }
      }
    }
    assertTrue(minInside > maxOutside, a.method() + ": inside " + minInside + ", outside " + maxOutside);
  }

  @Test
  void theSameSeedGivesTheSameNoiseTunnelOnAnyThreadAndBatchSizeChangesNothing() throws Exception {
    try (PyTorchImageClassifier model = load("digits-cnn")) {
      float[] pixels = model.processor().pixelValues(ImageProcessor.read(model.directory().resolve(
          "digit-1-6.png")));
      ImageIntegratedGradients ig = ImageIntegratedGradients.builder().setModel(model).optSteps(5).build();
      NoiseTunnel.Builder b = NoiseTunnel.builder().setIntegratedGradients(ig).optSamples(4).optStdev(0.3).optSeed(11);
      float[] here = b.build().explain(pixels, null).attributions();
      float[][] there = new float[1][];
      Thread t = new Thread(() -> there[0] = b.build().explain(pixels, null).attributions());
      t.start();
      t.join();
      assertArrayEquals(here, there[0]);
      // Steps in batches of 3 and copies in batches of 1 change how much goes through at once, not the result.
      NoiseTunnel small = NoiseTunnel.builder().setIntegratedGradients(ImageIntegratedGradients.builder()
          .setModel(model).optSteps(5).optInternalBatchSize(3).build()).optSamples(4).optStdev(0.3).optSeed(11)
          .optSamplesBatchSize(4).build();
      assertArrayEquals(here, small.explain(pixels, null).attributions(), 1e-5f);
    }
  }
}
