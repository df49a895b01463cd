package textdive.text;

import java.util.ArrayList;
import java.util.List;

/**
 * What turns one text into tokens: a word tokenizer or a subword model. A {@code Tokenizer}
 * wraps one with the preprocessing rules; tokenizers that learn from data (subwords) do so in
 * {@link #setup}. Its {@code toString()} names it and the revision of its rules: a tokenized
 * corpus is cached under that name ({@code tokenizeFolder}), so a tokenizer that changes its
 * tokens must change its name.
 */
public interface BaseTokenizer {
    List<String> tokenize(String text);

    /** Learn from a corpus before tokenizing; most tokenizers need nothing. */
    default void setup(Iterable<String> texts) {}

    default List<List<String>> tokenizeAll(List<String> texts) {
        List<List<String>> out = new ArrayList<>(texts.size());
        for (String t : texts) out.add(tokenize(t));
        return out;
    }
}
