package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** fastai's tokenize_csv: one column of a CSV through a Tokenizer; malformed rows name their line. */
class TokenizeCsvTest {
    static final Tokenizer TKZ = new Tokenizer(new WordTokenizer());
    @TempDir Path tmp;

    @Test
    void csvColumn() throws IOException {
        Path csv = Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_sample/texts.csv");
        TokenizeCsv.TokenizedTable t = TokenizeCsv.tokenizeCsv(TKZ, csv, "text");
        Table table = t.table();
        assertEquals(1000, table.rowCount());
        assertEquals(List.of("label", "is_valid", "text", "text_length"), table.columnNames());
        assertTrue(table.stringColumn("text").get(0).startsWith("xxbos xxmaj un - bleeping - believable !"));
        assertEquals(t.tokens().get(0).size(), table.intColumn("text_length").get(0));
        assertEquals(1000, t.counter().get("xxbos"));
    }

    @Test
    void malformedCsvRowsAreReportedWithTheirLine() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "label,text\npos,\"fine, really\"\nneg,too,many\n");
        IOException e = assertThrows(IOException.class, () -> TokenizeCsv.tokenizeCsv(TKZ, csv, "text"));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(csv, "label,text\npos,\"never closed\n");
        e = assertThrows(IOException.class, () -> TokenizeCsv.tokenizeCsv(TKZ, csv, "text"));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("never closed"), e.getMessage());
        Files.writeString(csv, "label,text\npos,ok\n");
        assertThrows(IllegalArgumentException.class, () -> TokenizeCsv.tokenizeCsv(TKZ, csv, "review"));
        assertThrows(NoSuchFileException.class, () -> TokenizeCsv.tokenizeCsv(TKZ, tmp.resolve("none.csv"), "text"));
    }
}
