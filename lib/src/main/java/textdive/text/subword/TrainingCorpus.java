package textdive.text.subword;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training text as SentencePiece's trainers see it: each text normalized, too-long texts
 * skipped, characters beyond the coverage limit replaced by an unknown marker, user-defined symbols
 * cut out, and the result counted as words (each starting with {@code ▁}) with frequencies.
 */
final class TrainingCorpus {
    /** Distinct words as code point arrays, most frequent first. */
    final List<int[]> words = new ArrayList<>();
    final List<Long> freqs = new ArrayList<>();
    /** Characters that must be in the vocabulary, most frequent first, with counts. */
    final LinkedHashMap<Integer, Long> requiredChars = new LinkedHashMap<>();
    int sentences, skippedTooLong;

    TrainingCorpus(Iterable<String> texts, TrainerSpec spec, Normalizer normalizer) {
        PrefixMatcher ud = new PrefixMatcher(spec.userDefinedSymbols());
        List<String> normalized = new ArrayList<>();
        for (String t : texts) {
            if (t == null) throw new IllegalArgumentException("the corpus contains a null text");
            byte[] raw = t.getBytes(StandardCharsets.UTF_8);
            if (raw.length == 0) continue;
            if (raw.length > spec.maxSentenceLength()) { skippedTooLong++; continue; }
            String n = normalizer.normalize(t);
            if (n.isEmpty()) continue;
            normalized.add(cutUserDefined(n, ud));
            sentences++;
        }
        if (sentences == 0)
            throw new IllegalArgumentException("the training corpus is empty (no non-blank text"
                    + (skippedTooLong > 0 ? "; " + skippedTooLong + " texts longer than " + spec.maxSentenceLength() + " bytes were skipped" : "") + ")");
        // Character coverage: keep the most frequent characters until the coverage is reached.
        Map<Integer, Long> counts = new HashMap<>();
        long all = 0;
        for (String s : normalized) {
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                if (c == ' ' || c == '\t' || c == 0) continue;
                counts.merge(c, 1L, Long::sum);
                all++;
            }
        }
        List<Map.Entry<Integer, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        long acc = 0;
        for (var e : sorted) {
            double coverage = (double) acc / all;
            if (coverage >= spec.characterCoverage()) break;
            acc += e.getValue();
            requiredChars.put(e.getKey(), e.getValue());
        }
        // Words, with rare characters replaced by the unknown marker.
        Map<String, Long> wordCounts = new HashMap<>();
        for (String s : normalized) {
            StringBuilder w = new StringBuilder();
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                i += Character.charCount(c);
                if (c == '\t') { flush(w, wordCounts); continue; }
                if (c == PieceValidator.WS && !spec.treatWhitespaceAsSuffix()) flush(w, wordCounts);
                w.appendCodePoint(requiredChars.containsKey(c) ? c : PieceValidator.UNK_CHAR);
                if (c == PieceValidator.WS && spec.treatWhitespaceAsSuffix()) flush(w, wordCounts);
            }
            flush(w, wordCounts);
        }
        List<Map.Entry<String, Long>> ws = new ArrayList<>(wordCounts.entrySet());
        ws.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                : Long.compare(b.getValue(), a.getValue()));
        for (var e : ws) {
            words.add(e.getKey().codePoints().toArray());
            freqs.add(e.getValue());
        }
    }

    private static void flush(StringBuilder w, Map<String, Long> counts) {
        if (w.length() > 0) counts.merge(w.toString(), 1L, Long::sum);
        w.setLength(0);
    }

    /** User-defined symbols are single pieces by construction; they are cut out (a tab marks the cut). */
    private static String cutUserDefined(String s, PrefixMatcher ud) {
        if (ud.isEmpty()) return s;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        for (int i = 0; i < b.length; ) {
            int m = ud.match(b, i, b.length);
            if (m > 0) { out.write('\t'); i += m; }
            else out.write(b[i++]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    int size() {
        return words.size();
    }
}
