package ai.lantern.models;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedModelsTest {

  @Test
  void extractsTheSst2PackageOnceAndByteForByte() throws IOException {
    Path first = EmbeddedModels.path(EmbeddedModels.SST2_TINY);
    Path second = EmbeddedModels.path(EmbeddedModels.SST2_TINY);
    assertEquals(first, second);
    Path source = Path.of(System.getProperty("lantern.models.dir"), "sst2-tiny");
    for (String f : new String[] {"model.pt", "tokenizer.json", "config.json"}) {
      assertArrayEquals(Files.readAllBytes(source.resolve(f)), Files.readAllBytes(first.resolve(f)), f);
    }
  }

  @Test
  void aDamagedCopyInTheCacheIsExtractedAgain() throws IOException {
    Path dir = EmbeddedModels.path(EmbeddedModels.SST2_TINY);
    byte[] model = Files.readAllBytes(dir.resolve("model.pt"));
    // Cut short, as a full disk or a kill during extraction leaves it.
    Files.write(dir.resolve("model.pt"), java.util.Arrays.copyOf(model, model.length / 2));
    Path again = EmbeddedModels.path(EmbeddedModels.SST2_TINY);
    assertEquals(dir, again);
    assertArrayEquals(model, Files.readAllBytes(again.resolve("model.pt")));
    Files.delete(again.resolve("tokenizer.json"));
    assertTrue(Files.exists(EmbeddedModels.path(EmbeddedModels.SST2_TINY).resolve("tokenizer.json")));
  }

  @Test
  void unknownNameListsTheEmbeddedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EmbeddedModels.path("bert"));
    assertEquals("no embedded model 'bert'; embedded: [sst2-tiny]", e.getMessage());
  }
}
