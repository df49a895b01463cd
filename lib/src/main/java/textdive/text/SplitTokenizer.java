package textdive.text;

import java.util.ArrayList;
import java.util.List;

/**
 * fastai's {@code BaseTokenizer}: cuts a text at every occurrence of a separator (a space by default) and nothing
 * else, as Python's {@code str.split(sep)} does, so empty pieces between two separators are kept. For text that is
 * already tokenized, and to see what the rules alone do without the word tokenizer's punctuation handling.
 */
public final class SplitTokenizer implements BaseTokenizer {
    private final String sep;

    /** Splits on single spaces. */
    public SplitTokenizer() {
        this(" ");
    }

    public SplitTokenizer(String sep) {
        if (sep == null || sep.isEmpty()) throw new IllegalArgumentException("SplitTokenizer needs a non-empty separator, got " + (sep == null ? "null" : "''"));
        this.sep = sep;
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int at = text.indexOf(sep); at >= 0; at = text.indexOf(sep, from)) {
            out.add(text.substring(from, at));
            from = at + sep.length();
        }
        out.add(text.substring(from));
        return out;
    }

    @Override
    public String toString() {
        return "SplitTokenizer('" + sep + "')";
    }
}
