package ai.lantern.engine.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.InvalidModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file formats read without any engine: half floats, SentencePiece models. */
class WeightAndTokenizerFilesTest {
  @TempDir Path tmp;

  @Test
  void halfFloatsConvertExactlyIncludingTheEdges() {
    assertEquals(1.0f, SafeTensors.halfToFloat((short) 0x3c00));
    assertEquals(-2.0f, SafeTensors.halfToFloat((short) 0xc000));
    assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7bff)); // the largest finite half
    assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001)); // the smallest subnormal
    assertEquals(0x1p-14f * (1023f / 1024f), SafeTensors.halfToFloat((short) 0x03ff)); // the largest subnormal
    assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7c00));
    assertEquals(Float.NEGATIVE_INFINITY, SafeTensors.halfToFloat((short) 0xfc00));
    assertTrue(Float.isNaN(SafeTensors.halfToFloat((short) 0x7e00)));
    assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(SafeTensors.halfToFloat((short) 0x8000)));
  }

  @Test
  void aSentencePieceModelCutShortIsRefusedByName() throws IOException {
    Path models = Path.of(System.getProperty("lantern.models.dir"));
    byte[] spm = Files.readAllBytes(models.resolve("hf-xlmr-sst2/sentencepiece.bpe.model"));
    SentencePieceModel whole = SentencePieceModel.read(models.resolve("hf-xlmr-sst2/sentencepiece.bpe.model"));
    assertEquals(4000, whole.pieces().size());
    assertEquals("<unk>", whole.pieces().get(0).piece());
    assertEquals(1, whole.modelType());
    assertTrue(whole.removeExtraWhitespaces() && whole.addDummyPrefix() && whole.charsmap().length > 0);
    Path cut = tmp.resolve("sentencepiece.bpe.model");
    Files.write(cut, Arrays.copyOf(spm, spm.length / 3));
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> SentencePieceModel.read(cut));
    assertTrue(e.getMessage().contains(cut.toString()) && e.getMessage().contains("not a SentencePiece model"),
        e.getMessage());
    Path text = tmp.resolve("spm.model");
    Files.writeString(text, "this is not a model");
    assertThrows(InvalidModelException.class, () -> SentencePieceModel.read(text));
  }
}
