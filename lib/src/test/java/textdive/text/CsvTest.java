package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** CSV cells are strings exactly as written: no type guessing, no missing-value markers, no trimming. */
class CsvTest {
    @TempDir Path tmp;

    @Test
    void labelsAndTextsAreReadAsWrittenNeverAsNumbers() throws IOException {
        Path csv = tmp.resolve("texts.csv");
        Files.writeString(csv, "label,text,is_valid\n01,0042,False\n1,1e3,False\n0001,3.50,True\n0002,-0,True\n");
        Table t = Csv.read(csv).table();
        assertEquals(List.of("01", "1", "0001", "0002"), t.stringColumn("label").asList());
        assertEquals(List.of("0042", "1e3", "3.50", "-0"), t.stringColumn("text").asList());
        TokenizeCsv.TokenizedTable tt = TokenizeCsv.tokenizeCsv(new Tokenizer(new WordTokenizer()), csv, "text");
        assertEquals(List.of("xxbos", "0042"), tt.tokens().get(0), "0042 stays the token 0042, not 42.0");
        assertEquals(List.of("xxbos", "1e3"), tt.tokens().get(1), "1e3 stays 1e3, not 1000.0");
        assertEquals(List.of("01", "1", "0001", "0002"), tt.table().stringColumn("label").asList());
    }

    @Test
    void missingValueMarkersQuotesAndSpacesStayText() throws IOException {
        Table t = Csv.parse("label,text\nNA,\"  two spaces, a comma and \"\"quotes\"\"\"\n-,null\r\nN/A,\"multi\nline\"\n", "t.csv", "t").table();
        assertEquals(List.of("NA", "-", "N/A"), t.stringColumn("label").asList());
        assertEquals(List.of("  two spaces, a comma and \"quotes\"", "null", "multi\nline"), t.stringColumn("text").asList());
    }

    @Test
    void rowsAreNamedByTheLineTheyStartOn() throws IOException {
        Csv.Read r = Csv.parse("label,text\npos,\"a\nb\"\n\nneg,c\n", "t.csv", "t");
        assertEquals("data row 2 (line 5)", r.describeRow(1));
        IOException e = assertThrows(IOException.class, () -> Csv.parse("a,b\n1,2\n3\n", "t.csv", "t"));
        assertTrue(e.getMessage().contains("t.csv line 3: 1 field(s), the header has 2"), e.getMessage());
        e = assertThrows(IOException.class, () -> Csv.parse("a,a\n1,2\n", "t.csv", "t"));
        assertTrue(e.getMessage().contains("names column 'a' twice"), e.getMessage());
    }

    @Test
    void headerNamesATableCannotTellApartAreAnErrorNamingTheLine() {
        // the table trims names and ignores case: this used to escape as Tablesaw's IllegalArgumentException, without file or line
        IOException e = assertThrows(IOException.class, () -> Csv.parse("text,Text\n1,2\n", "t.csv", "t"));
        assertEquals("t.csv line 1: the header's columns 'text' and 'Text' differ only in case or surrounding spaces, which a table does not tell apart",
                e.getMessage());
        e = assertThrows(IOException.class, () -> Csv.parse("\n\nlabel, label\n1,2\n", "t.csv", "t"));
        assertTrue(e.getMessage().startsWith("t.csv line 3: the header's columns 'label' and ' label'"), e.getMessage());
    }

    @Test
    void aLoneCarriageReturnInsideQuotesCountsAsALine() throws IOException {
        // Python's csv (newline='') reads "a\rb" as two lines; rows after it are named by the line they start on
        Csv.Read r = Csv.parse("a,b\r\"x\ry\",1\r2,3\r", "t.csv", "t");
        assertEquals(List.of("x\ry", "2"), r.table().stringColumn("a").asList());
        assertEquals("data row 2 (line 4)", r.describeRow(1));
    }

    @Test
    void aStrayNulByteInAShortFileIsNotTakenForUtf16() throws IOException {
        // one NUL in 10 bytes used to pass the "30% of the pairs" test by rounding down: the file became UTF-16 garbage, no rows
        Path csv = tmp.resolve("nul.csv");
        Files.write(csv, new byte[] {'a', ',', 'b', '\n', '1', ',', 'x', 0, 'y', '\n'});
        Table t = Csv.read(csv).table();
        assertEquals(List.of("a", "b"), t.columnNames()); // Python's csv: [['a', 'b'], ['1', 'x\x00y']]
        assertEquals(List.of("x\0y"), t.stringColumn("b").asList());
    }
}
