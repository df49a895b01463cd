package textdive.text;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * English tokenizer exceptions (spaCy's data, re-stated): strings that are split in a fixed way
 * ({@code don't} → {@code do n't}, {@code cannot} → {@code can not}) or kept whole although they
 * contain punctuation ({@code U.S.}, {@code Mr.}, {@code :-)}).
 */
final class EnglishExceptions {
    private EnglishExceptions() {}

    static Map<String, String[]> build() {
        Map<String, String[]> exc = new HashMap<>(4096);
        // whitespace and base exceptions shared by all languages
        for (String s : List.of(" ", "\t", "\\t", "\n", "\\n", "\u2014", "\u00a0", "'", "\\\")", "<space>", "''", "C++",
                "\u00e4.", "\u00f6.", "\u00fc.")) keep(exc, s);
        for (char c = 'a'; c <= 'z'; c++) keep(exc, c + ".");
        for (String e : EMOTICONS.split("\\s+")) if (!e.isEmpty()) keep(exc, e);

        for (String orth : List.of("i", "I")) {
            exc.put(orth + "'m", arr(orth, "'m"));
            exc.put(orth + "m", arr(orth, "m"));
            exc.put(orth + "'ma", arr(orth, "'m", "a"));
            exc.put(orth + "ma", arr(orth, "m", "a"));
        }
        for (String pron : List.of("i", "you", "he", "she", "it", "we", "they")) {
            for (String orth : cases(pron)) {
                exc.put(orth + "'ll", arr(orth, "'ll"));
                exc.put(orth + "ll", arr(orth, "ll"));
                exc.put(orth + "'ll've", arr(orth, "'ll", "'ve"));
                exc.put(orth + "llve", arr(orth, "ll", "ve"));
                exc.put(orth + "'d", arr(orth, "'d"));
                exc.put(orth + "d", arr(orth, "d"));
                exc.put(orth + "'d've", arr(orth, "'d", "'ve"));
                exc.put(orth + "dve", arr(orth, "d", "ve"));
            }
        }
        for (String pron : List.of("i", "you", "we", "they")) {
            for (String orth : cases(pron)) {
                exc.put(orth + "'ve", arr(orth, "'ve"));
                exc.put(orth + "ve", arr(orth, "ve"));
            }
        }
        for (String pron : List.of("you", "we", "they")) {
            for (String orth : cases(pron)) {
                exc.put(orth + "'re", arr(orth, "'re"));
                exc.put(orth + "re", arr(orth, "re"));
            }
        }
        for (String pron : List.of("he", "she", "it")) {
            for (String orth : cases(pron)) {
                exc.put(orth + "'s", arr(orth, "'s"));
                exc.put(orth + "s", arr(orth, "s"));
            }
        }
        for (String word : List.of("who", "what", "when", "where", "why", "how", "there", "that", "this", "these", "those")) {
            boolean plural = word.equals("these") || word.equals("those");
            boolean singular = word.equals("that") || word.equals("this");
            for (String orth : cases(word)) {
                if (!plural) {
                    exc.put(orth + "'s", arr(orth, "'s"));
                    exc.put(orth + "s", arr(orth, "s"));
                }
                exc.put(orth + "'ll", arr(orth, "'ll"));
                exc.put(orth + "ll", arr(orth, "ll"));
                exc.put(orth + "'ll've", arr(orth, "'ll", "'ve"));
                exc.put(orth + "llve", arr(orth, "ll", "ve"));
                if (!singular) {
                    exc.put(orth + "'re", arr(orth, "'re"));
                    exc.put(orth + "re", arr(orth, "re"));
                    exc.put(orth + "'ve", arr(orth, "'ve"));
                    exc.put(orth + "ve", arr(orth, "ve"));
                }
                exc.put(orth + "'d", arr(orth, "'d"));
                exc.put(orth + "d", arr(orth, "d"));
                exc.put(orth + "'d've", arr(orth, "'d", "'ve"));
                exc.put(orth + "dve", arr(orth, "d", "ve"));
            }
        }
        for (String verb : List.of("ca", "could", "do", "does", "did", "had", "may", "might", "must", "need", "ought",
                "sha", "should", "wo", "would")) {
            for (String orth : cases(verb)) {
                exc.put(orth + "n't", arr(orth, "n't"));
                exc.put(orth + "nt", arr(orth, "nt"));
                exc.put(orth + "n't've", arr(orth, "n't", "'ve"));
                exc.put(orth + "ntve", arr(orth, "nt", "ve"));
            }
        }
        for (String verb : List.of("could", "might", "must", "should", "would")) {
            for (String orth : cases(verb)) {
                exc.put(orth + "'ve", arr(orth, "'ve"));
                exc.put(orth + "ve", arr(orth, "ve"));
            }
        }
        for (String verb : List.of("ai", "are", "is", "was", "were", "have", "has", "dare")) {
            for (String orth : cases(verb)) {
                exc.put(orth + "n't", arr(orth, "n't"));
                exc.put(orth + "nt", arr(orth, "nt"));
            }
        }
        for (String w : List.of("doin", "goin", "nothin", "nuthin", "ol", "somethin")) {
            for (String orth : cases(w)) {
                keep(exc, orth);
                keep(exc, orth + "'");
            }
        }
        for (String w : List.of("em", "ll", "nuff")) {
            keep(exc, w);
            keep(exc, "'" + w);
        }
        for (int h = 1; h <= 12; h++) {
            for (String period : List.of("a.m.", "am", "p.m.", "pm")) exc.put(h + period, arr(String.valueOf(h), period));
        }
        exc.put("y'all", arr("y'", "all"));
        exc.put("yall", arr("y", "all"));
        exc.put("how'd'y", arr("how", "'d", "'y"));
        exc.put("How'd'y", arr("How", "'d", "'y"));
        exc.put("not've", arr("not", "'ve"));
        exc.put("notve", arr("not", "ve"));
        exc.put("Not've", arr("Not", "'ve"));
        exc.put("Notve", arr("Not", "ve"));
        exc.put("cannot", arr("can", "not"));
        exc.put("Cannot", arr("Can", "not"));
        exc.put("gonna", arr("gon", "na"));
        exc.put("Gonna", arr("Gon", "na"));
        exc.put("gotta", arr("got", "ta"));
        exc.put("Gotta", arr("Got", "ta"));
        exc.put("let's", arr("let", "'s"));
        exc.put("Let's", arr("Let", "'s"));
        exc.put("c'mon", arr("c'm", "on"));
        exc.put("C'mon", arr("C'm", "on"));
        for (String s : KEEP_WHOLE.split("\\s+")) if (!s.isEmpty()) keep(exc, s);
        for (String s : List.of("Ill", "ill", "Its", "its", "Hell", "hell", "Shell", "shell", "Shed", "shed", "were",
                "Were", "Well", "well", "Whore", "whore")) exc.remove(s);
        addTypographicApostrophes(exc);
        return exc;
    }

    /**
     * spaCy copies every exception written with {@code '} to one written with {@code ’} (its
     * {@code update_exc}), so that text typed with curly quotes splits the same way:
     * {@code doesn’t} → {@code does n’t}, {@code I’m} → {@code I ’m}.
     */
    private static void addTypographicApostrophes(Map<String, String[]> exc) {
        for (String key : List.copyOf(exc.keySet())) {
            if (key.indexOf('\'') < 0) continue;
            String[] tokens = exc.get(key).clone();
            for (int i = 0; i < tokens.length; i++) tokens[i] = tokens[i].replace('\'', '\u2019');
            exc.put(key.replace('\'', '\u2019'), tokens);
        }
    }

    private static final String KEEP_WHOLE = """
            'S 's \u2018S \u2018s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am Ma'am
            o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin goin' Goin'
            goin Goin Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb. Fla. Ga. Ia. Id. Ill.
            Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss. N.C. N.D. N.H. N.J. N.M. N.Y.
            Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn. Va. Wash. Wis.
            'd a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr. Ltd. Md.
            Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.
            """;

    private static final String EMOTICONS = """
            :) :-) :)) :-)) :))) :-))) (: (-: =) (= ") :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-) (; (-;
            :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[ :1 :P :-P :p :-p
            :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D ;D ;-D =D xD XD xDD XDD
            8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V o_o o_O O_o O_O 0_o o_0 0_0 o.O
            O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-) (._.) (>_<) (*_*) (\u00ac_\u00ac)
            \u0ca0_\u0ca0 \u0ca0\ufe35\u0ca0 (\u0ca0_\u0ca0) \u00af\\(\u30c4)/\u00af
            (\u256f\u00b0\u25a1\u00b0\uff09\u256f\ufe35\u253b\u2501\u253b ><(((*>
            """;

    private static void keep(Map<String, String[]> exc, String s) {
        exc.put(s, arr(s));
    }

    private static String[] arr(String... tokens) {
        return tokens;
    }

    private static List<String> cases(String w) {
        return List.of(w, Character.toUpperCase(w.charAt(0)) + w.substring(1));
    }
}
