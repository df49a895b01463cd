package textdive.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * fastai's {@code decode_spec_tokens}: undoes the rules that wrote case and repetition as tokens, so that
 * generated text reads as text. {@code xxmaj word} becomes {@code Word}, {@code xxup word} {@code WORD},
 * {@code xxrep 3 a} {@code aaa} and {@code xxwrep 3 word} {@code word word word}. Other tokens stay as they are
 * (the book shows the result joined with spaces: {@code "characters . The story"}). Case changes ignore the
 * default locale, as Python's {@code str.upper} does ({@code xxup title} is {@code TITLE} on a Turkish machine too).
 * Unlike fastai's, a repetition rule ends with the word it repeats: fastai keeps it (and its count) set, so the
 * tokens after {@code xxrep 3 a} would be repeated too, which {@code decode_spec_tokens}'s own examples never reach.
 */
public final class DecodeSpecTokens {
    private DecodeSpecTokens() {
    }

    public static List<String> decodeSpecTokens(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        String rule = null;
        Integer arg = null;
        for (String t : tokens) {
            if (t.equals(SpecialTokens.TK_MAJ) || t.equals(SpecialTokens.TK_UP) || t.equals(SpecialTokens.TK_REP) || t.equals(SpecialTokens.TK_WREP)) {
                rule = t;
                arg = null;
            } else if (rule == null) {
                out.add(t);
            } else if (rule.equals(SpecialTokens.TK_MAJ)) {
                out.add(t.isEmpty() ? t : t.substring(0, 1).toUpperCase(Locale.ROOT) + t.substring(1).toLowerCase(Locale.ROOT));
                rule = null;
            } else if (rule.equals(SpecialTokens.TK_UP)) {
                out.add(t.toUpperCase(Locale.ROOT));
                rule = null;
            } else if (arg == null) {
                try {
                    arg = Integer.parseInt(t);
                } catch (NumberFormatException e) {
                    rule = null; // fastai drops a malformed repetition's count token
                }
            } else {
                int n = Math.max(0, Math.min(arg, 10_000));
                if (rule.equals(SpecialTokens.TK_REP)) out.add(t.repeat(n));
                else for (int i = 0; i < n; i++) out.add(t);
                rule = null;
                arg = null;
            }
        }
        return out;
    }
}
