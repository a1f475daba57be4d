package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files as spreadsheets and editors write them: a byte-order mark, another encoding. */
class DatasetReaderTest {
  @Test
  void aByteOrderMarkIsNotPartOfTheFirstColumnsName(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("bom.csv");
    Files.write(csv, "\uFEFFreview,label\ngood film,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    DatasetReader.Result r = DatasetReader.read(csv, "review", "label");
    assertEquals(1, r.rows().size());
    assertEquals("good film", r.rows().get(0).text());
  }

  @Test
  void invalidUtf8NamesTheFileTheLineAndTheByte(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("latin1.csv");
    // "café" in ISO-8859-1 on line 3: 0xE9 is not UTF-8 on its own.
    Files.write(csv, new byte[] {'t', 'e', 'x', 't', '\n', 'o', 'k', '\n', 'c', 'a', 'f', (byte) 0xE9, '\n'});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetReader.read(csv, "text", null));
    assertTrue(e.getMessage().contains("latin1.csv is not UTF-8 text: line 3 has the invalid byte 0xE9 at byte "
        + "offset 11"), e.getMessage());
  }
}
