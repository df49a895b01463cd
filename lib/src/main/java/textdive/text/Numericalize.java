package textdive.text;

import textdive.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens to ids and back. The vocab is the special tokens, then every token seen at least
 * {@code minFreq} times by decreasing frequency (ties in first-seen order), cut at
 * {@code maxVocab} and padded with {@code xxfake} to a multiple of 8 (fastai always appends 1 to
 * 8 of them, so a list that is already a multiple of 8 gets 8 more). Unknown tokens map to
 * {@code xxunk} (0).
 */
public final class Numericalize {
    public static final int DEFAULT_MIN_FREQ = 3;
    public static final int DEFAULT_MAX_VOCAB = 60_000;
    private static final String HEADER = "# textdive vocab v1 (one token per line, \\\\ \\n \\r \\t escaped)";

    private final List<String> vocab;
    private final Map<String, Integer> o2i;

    private Numericalize(List<String> vocab) {
        if (vocab == null || vocab.isEmpty()) throw new IllegalArgumentException("empty vocab: " + vocab);
        this.vocab = List.copyOf(vocab);
        this.o2i = new HashMap<>(vocab.size() * 2);
        for (int i = 0; i < vocab.size(); i++) {
            String t = vocab.get(i);
            if (!t.equals(SpecialTokens.FAKE)) o2i.putIfAbsent(t, i);
        }
    }

    /** fastai's defaults: min_freq 3, max_vocab 60,000, fastai's special tokens. */
    public static Numericalize fromCounter(TokenCounter counter) {
        return fromCounter(counter, DEFAULT_MIN_FREQ, DEFAULT_MAX_VOCAB, SpecialTokens.ALL);
    }

    public static Numericalize fromCounter(TokenCounter counter, int minFreq, int maxVocab) {
        return fromCounter(counter, minFreq, maxVocab, SpecialTokens.ALL);
    }

    public static Numericalize fromCounter(TokenCounter counter, int minFreq, int maxVocab, List<String> specials) {
        if (counter == null || specials == null) throw new IllegalArgumentException("fromCounter needs a token counter and special tokens, got " + counter + ", " + specials);
        if (maxVocab < specials.size()) throw new IllegalArgumentException("maxVocab " + maxVocab + " < " + specials.size() + " special tokens");
        List<String> vocab = new ArrayList<>(specials);
        for (Map.Entry<String, Long> e : counter.mostCommon(maxVocab)) {
            if (e.getValue() >= minFreq && !specials.contains(e.getKey())) vocab.add(e.getKey());
        }
        vocab = new ArrayList<>(vocab.subList(0, Math.min(vocab.size(), maxVocab)));
        int fake = 8 - vocab.size() % 8;
        for (int i = 0; i < fake; i++) vocab.add(SpecialTokens.FAKE);
        return new Numericalize(vocab);
    }

    /** Counts the tokens of {@code docs} and builds the vocab with the defaults. */
    public static Numericalize fromTokens(Collection<? extends List<String>> docs) {
        TokenCounter c = new TokenCounter();
        for (List<String> d : docs) c.addAll(d);
        return fromCounter(c);
    }

    /** A fixed vocab, e.g. a pretrained model's. */
    public static Numericalize fromVocab(List<String> vocab) {
        return new Numericalize(vocab);
    }

    public List<String> vocab() {
        return vocab;
    }

    public int size() {
        return vocab.size();
    }

    /** The id of a token; unknown tokens are {@code xxunk} (0). */
    public int id(String token) {
        Integer i = o2i.get(token);
        return i == null ? 0 : i;
    }

    public int[] encode(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = id(tokens.get(i));
        return ids;
    }

    /** Every document of a tokenized corpus, via its distinct tokens (one lookup per distinct token). */
    public List<int[]> encode(TokenizedCorpus corpus) {
        String[] types = corpus.types();
        int[] map = new int[types.length];
        for (int i = 0; i < types.length; i++) map[i] = id(types[i]);
        int[] all = corpus.typeIds();
        List<int[]> out = new ArrayList<>(corpus.size());
        for (int d = 0; d < corpus.size(); d++) {
            int from = corpus.typeOffset(d), n = corpus.length(d);
            int[] ids = new int[n];
            for (int k = 0; k < n; k++) ids[k] = map[all[from + k]];
            out.add(ids);
        }
        return out;
    }

    public List<String> decode(int[] ids) {
        List<String> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (id < 0 || id >= vocab.size()) throw new IndexOutOfBoundsException("id " + id + " outside vocab of " + vocab.size());
            out.add(vocab.get(id));
        }
        return out;
    }

    /** The ids as text: tokens joined by spaces, as the book shows them. */
    public String decodeText(int[] ids) {
        return String.join(" ", decode(ids));
    }

    /** Saves the vocab (UTF-8, one escaped token per line) atomically. */
    public void save(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String t : vocab) sb.append(escape(t)).append('\n');
        AtomicFiles.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    public static Numericalize load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "vocab file does not exist");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) throw new IOException(file + " is not a textdive vocab file");
        List<String> vocab = new ArrayList<>(lines.size());
        for (String l : lines.subList(1, lines.size())) vocab.add(unescape(l));
        return new Numericalize(vocab);
    }

    private static String escape(String t) {
        StringBuilder sb = new StringBuilder(t.length());
        for (char c : t.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String unescape(String l) {
        StringBuilder sb = new StringBuilder(l.length());
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '\\' && i + 1 < l.length()) {
                char d = l.charAt(++i);
                sb.append(switch (d) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> d;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Numericalize(" + vocab.size() + " tokens: " + vocab.subList(0, Math.min(20, vocab.size())) + (vocab.size() > 20 ? "...)" : ")");
    }
}
