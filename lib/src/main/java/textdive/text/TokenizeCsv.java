package textdive.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * fastai's {@code tokenize_csv} and {@code tokenize_df}: one column of a CSV file or a table through
 * a {@link Tokenizer}, in parallel. The other columns are kept; the text column is replaced by
 * {@code text} (the tokens joined by spaces) and {@code text_length} is added.
 */
public final class TokenizeCsv {
    private TokenizeCsv() {}

    /** The tokenized table, each row's tokens, and the counter over all of them. */
    public record TokenizedTable(Table table, List<List<String>> tokens, TokenCounter counter) {}

    /** Reads {@code csv} with {@link Csv#read} (every column as strings) and tokenizes {@code textColumn}. */
    public static TokenizedTable tokenizeCsv(Tokenizer tkz, Path csv, String textColumn) throws IOException {
        return tokenizeTable(tkz, Csv.read(csv).table(), textColumn);
    }

    /** fastai's {@code tokenize_df}: tokenizes {@code textColumn} of {@code table} (missing cells are empty texts). */
    public static TokenizedTable tokenizeTable(Tokenizer tkz, Table table, String textColumn) {
        if (!table.columnNames().contains(textColumn))
            throw new IllegalArgumentException("no column '" + textColumn + "' in table " + table.name() + "; columns: " + table.columnNames());
        Column<?> col = table.column(textColumn);
        List<String> texts = new ArrayList<>(col.size());
        for (int i = 0; i < col.size(); i++) texts.add(col.isMissing(i) ? "" : String.valueOf(col.get(i)));
        List<List<String>> toks = tkz.tokenizeAll(texts);
        Table out = Table.create(table.name());
        for (Column<?> c : table.columns()) if (!c.name().equals(textColumn)) out.addColumns(c.copy());
        StringColumn text = StringColumn.create("text");
        IntColumn len = IntColumn.create("text_length");
        TokenCounter counter = new TokenCounter();
        for (List<String> t : toks) {
            text.append(String.join(" ", t));
            len.append(t.size());
            counter.addAll(t);
        }
        out.addColumns(text, len);
        return new TokenizedTable(out, toks, counter);
    }
}
