package textdive.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * fastai's {@code Tokenizer}: preprocessing rules, then a {@link BaseTokenizer}, then post-rules
 * on each token, on a string, a list of strings (in parallel) or a file. As in fastai, whole
 * folders and tables are separate steps that use a tokenizer: {@link TokenizeFolder#tokenizeFolder}
 * (parallel, cached on disk) and {@link TokenizeCsv#tokenizeCsv} / {@link TokenizeCsv#tokenizeTable}.
 */
public final class Tokenizer {
    private final BaseTokenizer tok;
    private final List<Rule> rules;
    private final List<Rule> postRules;

    /** {@code tok} with the default rules and the {@code replaceSpace} post-rule. */
    public Tokenizer(BaseTokenizer tok) {
        this(tok, Rules.defaults());
    }

    public Tokenizer(BaseTokenizer tok, List<? extends Rule> rules) {
        this(tok, rules, List.of(Rule.of("replaceSpace", Rules::replaceSpace)));
    }

    public Tokenizer(BaseTokenizer tok, List<? extends Rule> rules, List<? extends Rule> postRules) {
        this.tok = Objects.requireNonNull(tok, "tok");
        this.rules = List.copyOf(rules);
        this.postRules = List.copyOf(postRules);
    }

    public BaseTokenizer baseTokenizer() {
        return tok;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rules run on each token after tokenization ({@code replaceSpace} by default). */
    public List<Rule> postRules() {
        return postRules;
    }

    /** Rules, tokenizer, post-rules on one text. */
    public List<String> tokenize(String text) {
        if (text == null) throw new IllegalArgumentException("cannot tokenize null text (a missing CSV cell or an unread file?)");
        List<String> toks = tok.tokenize(Rules.apply(rules, text));
        if (postRules.isEmpty()) return toks;
        List<String> out = new ArrayList<>(toks.size());
        for (String t : toks) out.add(Rules.apply(postRules, t));
        return out;
    }

    /** Tokenizes many texts in parallel; the result is in input order. */
    public List<List<String>> tokenizeAll(List<String> texts) {
        if (texts == null) throw new IllegalArgumentException("cannot tokenize a null list of texts");
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is null (a missing CSV cell?)");
        }
        return IntStream.range(0, texts.size()).parallel().mapToObj(i -> tokenize(texts.get(i))).toList();
    }

    /** Tokenizes a text file: UTF-8 (invalid bytes become U+FFFD) or UTF-16, see {@link Documents}. */
    public List<String> tokenizeFile(Path file) throws IOException {
        return tokenize(Documents.decode(Documents.read(file)).text());
    }

    /** Joins tokens back into text (tokens are space-separated, so this is what the model saw). */
    public String decode(List<String> tokens) {
        return String.join(" ", tokens);
    }

    @Override
    public String toString() {
        return "Tokenizer(" + tok + ", rules=" + rules.stream().map(Rule::name).toList() + ")";
    }
}
