package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.ImageClassifier;
import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.transformers.ImageProcessor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HuggingFace ViT folder ({@code save_pretrained} output) built natively: its logits equal
 * HuggingFace's (transformers 4.30.2, {@code tools/fixtures/make_vit_fixture.py}) and its pixel
 * gradients equal those of the TorchScript export of the same weights; bad folders are named.
 */
class NativeVitTest {
  private static Path models() {
    return Path.of(System.getProperty("lantern.models.dir"));
  }

  private static JsonObject golden() throws Exception {
    try (var in = new InputStreamReader(NativeVitTest.class.getResourceAsStream("/golden/hf-vit-digits.json"),
        StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(in).getAsJsonObject();
    }
  }

  private static List<float[]> pixels(PyTorchImageClassifier model, JsonObject golden) {
    List<float[]> out = new ArrayList<>();
    for (JsonElement e : golden.getAsJsonArray("cases")) {
      out.add(model.processor().pixelValues(ImageProcessor.read(models().resolve("digits-cnn")
          .resolve(e.getAsJsonObject().get("image").getAsString()))));
    }
    return out;
  }

  @Test
  void logitsEqualHuggingFacesInOneBatchAndAlone() throws Exception {
    JsonObject golden = golden();
    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(models().resolve("hf-vit-digits"))) {
      assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), model.labels());
      List<float[]> images = pixels(model, golden);
      int size = images.get(0).length;
      float[] batch = new float[images.size() * size];
      for (int i = 0; i < images.size(); i++) {
        System.arraycopy(images.get(i), 0, batch, i * size, size);
      }
      double[][] together = model.logits(batch, images.size());
      for (int i = 0; i < images.size(); i++) {
        double[] alone = model.logits(images.get(i), 1)[0];
        var expected = golden.getAsJsonArray("cases").get(i).getAsJsonObject().getAsJsonArray("logits");
        for (int k = 0; k < alone.length; k++) {
          assertEquals(expected.get(k).getAsDouble(), alone[k], 1e-4, "image " + i + " logit " + k);
          assertEquals(alone[k], together[i][k], 1e-5, "batch of 4, image " + i + " logit " + k);
        }
      }
    }
  }

  @Test
  void gradientsEqualTheTorchScriptExportsAndNoArrayIsLeft() throws Exception {
    JsonObject golden = golden();
    try (PyTorchImageClassifier nativeVit = PyTorchImageClassifier.load(models().resolve("hf-vit-digits"));
        PyTorchImageClassifier exported = PyTorchImageClassifier.load(models().resolve("hf-vit-digits-ts"))) {
      int before = nativeVit.managedArrays();
      for (float[] pixels : pixels(nativeVit, golden)) {
        for (int target : new int[] {0, 7}) {
          ImageClassifier.PixelGradients a = nativeVit.logitGradients(pixels, 1, target);
          ImageClassifier.PixelGradients b = exported.logitGradients(pixels, 1, target);
          assertEquals(b.values()[0], a.values()[0], 1e-4);
          double scale = 0;
          for (float g : b.gradients()) {
            scale = Math.max(scale, Math.abs(g));
          }
          for (int i = 0; i < a.gradients().length; i++) {
            assertEquals(b.gradients()[i], a.gradients()[i], 1e-4 * Math.max(1, scale), "pixel value " + i);
          }
        }
      }
      assertEquals(before, nativeVit.managedArrays(), "arrays left after the calls");
    }
  }

  @Test
  void deitWithAndWithoutTheDistillationHeadEqualsHuggingFace() throws Exception {
    JsonObject golden;
    try (var in = new InputStreamReader(NativeVitTest.class.getResourceAsStream("/golden/hf-deit.json"),
        StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(in).getAsJsonObject();
    }
    int n = 0;
    for (String name : new String[] {"hf-deit-tiny", "hf-deit-distilled-tiny"}) {
      try (PyTorchImageClassifier model = PyTorchImageClassifier.load(models().resolve(name))) {
        for (JsonElement e : golden.getAsJsonArray("cases")) {
          JsonObject c = e.getAsJsonObject();
          if (!c.get("model").getAsString().equals(name)) {
            continue;
          }
          String image = c.get("image").getAsString();
          // DeiTImageProcessor: 36×36 BICUBIC, then the centre 32×32
          float[] pixels = model.processor().pixelValues(ImageProcessor.read(models().resolve("digits-cnn")
              .resolve(image)));
          for (int i = 0; i < pixels.length; i++) {
            assertEquals(c.getAsJsonArray("pixelValues").get(i).getAsFloat(), pixels[i], 1e-6f, name + " " + image
                + " pixel value " + i);
          }
          double[] logits = model.logits(pixels, 1)[0];
          for (int k = 0; k < logits.length; k++) {
            assertEquals(c.getAsJsonArray("logits").get(k).getAsDouble(), logits[k], 1e-4, name + " " + image
                + " logit " + k);
          }
          n++;
        }
      }
    }
    assertEquals(8, n);
  }

  private static Path copy(Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("vit"));
    for (String f : new String[] {"model.safetensors", "config.json", "preprocessor_config.json"}) {
      Files.copy(models().resolve("hf-vit-digits").resolve(f), dir.resolve(f));
    }
    return dir;
  }

  private static String refused(Path dir) {
    return assertThrows(InvalidModelException.class, () -> PyTorchImageClassifier.load(dir)).getMessage();
  }

  @Test
  void badFoldersAreNamed(@TempDir Path tmp) throws Exception {
    Path dir = copy(tmp);
    Path processor = dir.resolve("preprocessor_config.json");
    String original = Files.readString(processor);
    Files.writeString(processor, original.replace("\"height\": 32", "\"height\": 48").replace("\"width\": 32",
        "\"width\": 48"));
    String m = refused(dir);
    assertTrue(m.contains("makes 3×48×48 inputs, but") && m.contains("takes 3×32×32 (image_size, num_channels)"), m);
    Files.writeString(processor, original);

    Path config = dir.resolve("config.json");
    String json = Files.readString(config);
    Files.writeString(config, json.replace("\"hidden_size\": 48", "\"hidden_size\": 96"));
    m = refused(dir);
    assertTrue(m.contains("tensor vit.embeddings.patch_embeddings.projection.weight has shape [48, 3, 8, 8] but")
        && m.contains("implies [96, 3, 8, 8]"), m);
    Files.writeString(config, json.replace("\"patch_size\": 8", "\"patch_size\": 5"));
    m = refused(dir);
    assertTrue(m.contains("patch_size 5 does not divide image_size 32×32"), m);
    Files.writeString(config, json.replace("\"ViTForImageClassification\"", "\"SwinForImageClassification\"")
        .replace("\"model_type\": \"vit\"", "\"model_type\": \"swin\""));
    m = refused(dir);
    assertTrue(m.contains("(SwinForImageClassification), which Lantern does not build natively (only ViT and DeiT)")
        && m.contains("tools/export_hf_model.py --task image-classification"), m);
    Files.writeString(config, json);

    Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
    m = refused(dir);
    assertTrue(m.contains("builds natively from model.safetensors, but the folder has none")
        && m.contains("safe_serialization=True"), m);
  }
}
