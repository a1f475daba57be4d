package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void quotedLineBreaksKeepLineNumbersAndBrokenRowsAreSkipped(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("q.csv");
    Files.writeString(csv, "text,label\n\"two\nlines, and \"\"quotes\"\"\",1\nplain,0\n\nshort\nlast,1\n\"open quote,1\n");
    DatasetReader.Result r = DatasetReader.read(csv, "text", "label");
    assertEquals(List.of(2, 4, 7), r.rows().stream().map(DatasetReader.Row::line).toList());
    assertEquals("two\nlines, and \"quotes\"", r.rows().get(0).text());
    assertEquals(List.of("line 6: 1 fields, the header has 2", "line 8: unterminated quoted field"), r.skipped());
    Path tsv = tmp.resolve("t.tsv");
    Files.writeString(tsv, "text\tlabel\n\"not quoted\"\t1\n");
    assertEquals("\"not quoted\"", DatasetReader.read(tsv, "text", "label").rows().get(0).text());
  }

  @Test
  void aLargeFileIsReadRowByRow(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("big.csv");
    try (var w = Files.newBufferedWriter(csv)) {
      w.write("text,label\n");
      for (int i = 0; i < 200_000; i++) {
        w.write("row number " + i + ",1\n");
      }
    }
    long[] count = {0};
    long[] lastLine = {0};
    DatasetReader.stream(csv, "text", "label", null, row -> {
      count[0]++;
      lastLine[0] = row.line();
    }, skipped -> { });
    assertEquals(200_000, count[0]);
    assertEquals(200_001, lastLine[0]);
  }

  @Test
  void selectionKeepsTheRowsThatMeetEveryConditionAndLeavesOutExcludedIds(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "id,text,lang,split\nr1,one,en,train\nr2,two,de,train\nr3,three,en,test\n"
        + "r4,four,en,train\nr5,\"a=b\",en,train\n");
    java.util.List<DatasetReader.Row> rows = new java.util.ArrayList<>();
    long left = DatasetReader.stream(csv, "text", null, null, new DatasetReader.Selection("id",
        java.util.List.of("lang=en", "split!=test"), java.util.Set.of("r4")), rows::add, m -> { });
    assertEquals(java.util.List.of("r1", "r5"), rows.stream().map(DatasetReader.Row::key).toList());
    assertEquals(java.util.List.of(2, 6), rows.stream().map(DatasetReader.Row::line).toList());
    assertEquals(3, left);
    // A value may hold '=' and '!': only the first '=' (or '!=') splits the condition.
    rows.clear();
    DatasetReader.stream(csv, "text", null, null, new DatasetReader.Selection(null, java.util.List.of("text=a=b"),
        java.util.Set.of()), rows::add, m -> { });
    assertEquals(java.util.List.of("a=b"), rows.stream().map(DatasetReader.Row::key).toList());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> DatasetReader.stream(csv,
        "text", null, null, new DatasetReader.Selection("key", java.util.List.of(), java.util.Set.of()), r -> { },
        m -> { }));
    assertTrue(missing.getMessage().contains("no id column 'key'; its columns: [id, text, lang, split]"),
        missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DatasetReader.Selection(null, java.util.List.of("=en"),
        java.util.Set.of()));
    assertThrows(IllegalArgumentException.class, () -> new DatasetReader.Selection(null, java.util.List.of(),
        java.util.Set.of("r1")));
  }
}
