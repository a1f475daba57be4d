package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.TextEncoder;
import ai.lantern.engine.transformers.EncodedText;
import ai.lantern.engine.transformers.Batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exporter's round trip, seen from Java: {@code forward} and {@code embed} followed by
 * {@code forward_embeds} give the same logits for a padded batch.
 */
class ExportedMethodsTest {

  @ParameterizedTest
  @ValueSource(strings = {"sst2-tiny", "agnews-tiny", "planted-tiny"})
  void forwardEqualsEmbedThenForwardEmbeds(String name) throws Exception {
    ModelPackage pkg = ModelPackage.open(Fixtures.model(name));
    try (Model model = Model.newInstance("model", "PyTorch");
        TextEncoder encoder = new TextEncoder(pkg.tokenizer(), pkg.config().maxLength())) {
      model.load(pkg.directory(), "model");
      PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
      assertTrue(Arrays.asList(JniUtils.getMethodNames(block)).containsAll(List.of("forward", "embed", "forward_embeds")));
      Batch batch = Batch.pad(new EncodedText[] {
          encoder.encode("a charming and often affecting journey"), encoder.encode("zebra")}, pkg.padId());
      try (NDManager m = model.getNDManager().newSubManager()) {
        Shape shape = new Shape(batch.rows(), batch.columns());
        PtNDArray ids = (PtNDArray) m.create(batch.ids(), shape);
        PtNDArray mask = (PtNDArray) m.create(batch.mask(), shape);
        PtNDArray types = (PtNDArray) m.create(batch.types(), shape);
        float[] direct = call(block, "forward", m, ids, mask, types).toFloatArray();
        NDArray embeds = call(block, "embed", m, ids);
        float[] viaEmbeds = call(block, "forward_embeds", m, (PtNDArray) embeds, mask, types).toFloatArray();
        assertArrayEquals(direct, viaEmbeds, 1e-5f);
      }
    }
  }

  private static NDArray call(PtSymbolBlock block, String method, NDManager m, PtNDArray... args) {
    IValue[] in = Arrays.stream(args).map(IValue::from).toArray(IValue[]::new);
    IValue out = IValueUtils.runMethod(block, method, in);
    try {
      return out.toTensor((PtNDManager) m);
    } finally {
      out.close();
      Arrays.stream(in).forEach(IValue::close);
    }
  }
}
