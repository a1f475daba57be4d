package ai.lantern.engine.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** libtorch's messages keep their cause, not only their generic opening line. */
class RootMessageTest {
  @Test
  void theCauseLineOfATorchScriptErrorIsKept() {
    String libtorch = "The following operation failed in the TorchScript interpreter.\n"
        + "Traceback of TorchScript, serialized code (most recent call last):\n"
        + "  File \"code/__torch__.py\", line 12, in forward\n"
        + "    x = torch.embedding(weight, input_ids)\n"
        + "RuntimeError: index out of range in self\n"
        + "Exception raised from operator() at ../aten/src/ATen/native/TensorAdvancedIndexing.cpp:1190\n";
    RuntimeException e = new RuntimeException("wrapper", new IllegalStateException(libtorch));
    assertEquals("The following operation failed in the TorchScript interpreter. ... RuntimeError: index out of "
        + "range in self", TransformerTextClassifier.rootMessage(e));
    assertEquals("one line", TransformerTextClassifier.rootMessage(new RuntimeException("one line")));
  }
}
