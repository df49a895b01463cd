package textdive.ulmfit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import textdive.text.Rules;
import textdive.text.SpecialTokens;

/**
 * ULMFiT's stage-1 text: general English for the first language model. fastai pretrains on WikiText-103 (103 M
 * tokens of Wikipedia); what this course has is Penn Treebank (Mikolov's language-model version, 0.9 M tokens of Wall
 * Street Journal) and WikiText-2's test split (0.25 M tokens of Wikipedia). Both come already split into words, with
 * rare words as {@code <unk>}; they are brought into fastai's token conventions so that their embeddings transfer to
 * IMDb's: {@code <unk>} becomes {@code xxunk}, capitalised and all-caps words get {@code xxmaj}/{@code xxup} and are
 * lower-cased (fastai's rules), each line ends with {@code xxeos} (the {@code <eos>} of the standard language-model
 * setup) and each document starts with {@code xxbos}.
 */
public final class GeneralEnglish {
    /** Penn Treebank has no document boundaries: this many consecutive sentences make one document. */
    public static final int PTB_SENTENCES_PER_DOC = 20;

    private GeneralEnglish() {
    }

    /** A Penn Treebank split ({@code ptb.train.txt}, ...) as documents of {@value #PTB_SENTENCES_PER_DOC} sentences. */
    public static List<List<String>> ptb(Path file) throws IOException {
        List<List<String>> docs = new ArrayList<>();
        List<String> doc = null;
        int sentences = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            if (doc == null || sentences == PTB_SENTENCES_PER_DOC) {
                doc = new ArrayList<>(List.of(SpecialTokens.BOS));
                docs.add(doc);
                sentences = 0;
            }
            doc.addAll(words(line));
            doc.add(SpecialTokens.EOS);
            sentences++;
        }
        if (docs.isEmpty()) throw new IllegalArgumentException(file + " has no text");
        return docs;
    }

    /** A WikiText split ({@code valid.txt}, {@code test.txt}) as one document per article ({@code  = Title = } starts one). */
    public static List<List<String>> wikitext(Path file) throws IOException {
        List<List<String>> docs = new ArrayList<>();
        List<String> doc = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            String t = line.strip();
            boolean title = t.startsWith("= ") && t.endsWith(" =") && !t.startsWith("= =");
            if (doc == null || title) {
                doc = new ArrayList<>(List.of(SpecialTokens.BOS));
                docs.add(doc);
            }
            doc.addAll(words(t.replace("@-@", "-").replace("@,@", ",").replace("@.@", ".")));
            doc.add(SpecialTokens.EOS);
        }
        if (docs.isEmpty()) throw new IllegalArgumentException(file + " has no text");
        return docs;
    }

    /** Pre-split words with fastai's case rules applied: {@code The} -> {@code xxmaj the}, {@code <unk>} -> {@code xxunk}. */
    static List<String> words(String line) {
        String t = Rules.replaceMaj(Rules.replaceAllCaps(line.strip())).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (String w : t.split("\\s+")) {
            if (w.isEmpty()) continue;
            out.add(w.equals("<unk>") ? SpecialTokens.UNK : w);
        }
        return out;
    }
}
