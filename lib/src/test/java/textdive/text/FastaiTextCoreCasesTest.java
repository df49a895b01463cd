package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import textdive.text.subword.ModelType;
import textdive.text.subword.SentencePieceModel;
import textdive.text.subword.SentencePieceTrainer;
import textdive.text.subword.SubwordTokenizer;
import textdive.text.subword.TrainerSpec;
import textdive.testing.CacheInTemp;

/**
 * fastai's own tests of its text core, ported: the {@code test_eq} cells of fastai/fastai {@code nbs/30_text.core.ipynb}
 * (read at commit 015931b8ee05df76bafbb7ce43326677e5e340e6; the 2021 version 328dedb904a968d47f44fc267f4d881ea73cfb6a
 * has the same cells). The rules' other cases are in {@link RulesTest}. fastai's {@code SpacyTokenizer} is our
 * {@link WordTokenizer}, its {@code BaseTokenizer} our {@link SplitTokenizer}, {@code TokenizeWithRules} and
 * {@code tokenize1} our {@link Tokenizer}, {@code parallel_tokenize} / {@code tokenize_texts} its {@code tokenizeAll},
 * {@code tokenize_folder} {@link TokenizeFolder}, {@code tokenize_df} / {@code tokenize_csv} {@link TokenizeCsv}.
 * {@code decode_spec_tokens}'s cases come from {@code nbs/37_text.learner.ipynb} at the same commit.
 */
@ExtendWith(CacheInTemp.class)
class FastaiTextCoreCasesTest {
    static final String XXUP = SpecialTokens.TK_UP, XXMAJ = SpecialTokens.TK_MAJ, XXBOS = SpecialTokens.BOS;
    @TempDir Path tmp;

    @Test
    void replaceWrepCountsRepeatsAcrossRunsOfSpaces() {
        assertEquals(" xxwrep 4 ah ", Rules.replaceWrep("ah ah   ah  ah"));
    }

    @Test
    void baseTokenizerSplitsOnItsSeparatorOnly() {
        assertEquals(List.of("This", "is", "a", "text"), new SplitTokenizer().tokenize("This is a text"));
        assertEquals(List.of("This is a te", "t"), new SplitTokenizer("x").tokenize("This is a text"));
        assertEquals(List.of("a", "", "b", ""), new SplitTokenizer().tokenize("a  b "), "Python's str.split(' ') keeps empty pieces");
        assertThrows(IllegalArgumentException.class, () -> new SplitTokenizer(""));
    }

    @Test
    void spacyTokenizerSplitsContractionsAndPunctuation() {
        String inp = "This isn't the easiest text.";
        List<String> exp = List.of("This", "is", "n't", "the", "easiest", "text", ".");
        assertEquals(List.of(exp, exp), new WordTokenizer().tokenizeAll(List.of(inp, inp)));
    }

    @Test
    void tokenizeWithRules() {
        assertEquals(List.of(List.of(XXUP, "this", "isn't", "a", "problem")),
                new Tokenizer(new SplitTokenizer(), List.of(Rule.of("replaceAllCaps", Rules::replaceAllCaps))).tokenizeAll(List.of("THIS isn't a problem")));
        assertEquals(List.of(List.of(XXBOS, XXMAJ, "this", "is", "n't", "a", "problem")),
                new Tokenizer(new WordTokenizer()).tokenizeAll(List.of("This isn't a problem")));
        assertEquals(List.of(List.of("This\u2581isn", "t\u2581a\u2581problem")),
                new Tokenizer(new SplitTokenizer("'"), List.of()).tokenizeAll(List.of("This isn't a problem")),
                "no rules, but the replaceSpace post-rule");
        List<String> texts = List.of("this is a text", "this is another text");
        assertEquals(List.of(List.of("this", "is", "a", "text"), List.of("this", "is", "another", "text")),
                new Tokenizer(new SplitTokenizer(), List.of()).tokenizeAll(texts));
    }

    @Test
    void tokenize1() {
        assertEquals(List.of(XXBOS, XXMAJ, "this", "is", "n't", "a", "problem"), new Tokenizer(new WordTokenizer()).tokenize("This isn't a problem"));
        assertEquals(List.of("This", "isn't", "a", "problem"), new Tokenizer(new SplitTokenizer(), List.of()).tokenize("This isn't a problem"));
    }

    @Test
    void parallelTokenizeKeepsTheInputOrder() {
        List<List<String>> expected = List.of(List.of("0", "1"), List.of("1", "2"));
        assertEquals(expected, new Tokenizer(new WordTokenizer(), List.of()).tokenizeAll(List.of("0 1", "1 2")));
        assertEquals(expected, new Tokenizer(new SplitTokenizer(), List.of()).tokenizeAll(List.of("0 1", "1 2")));
    }

    @Test
    void testSetThroughTheDefaultTokenizer() {
        Tokenizer tkz = new Tokenizer(new WordTokenizer());
        assertEquals(List.of(List.of(XXBOS, XXMAJ, "this", "is", "a", "test"), List.of(XXBOS, "this", "is", "another", "test")),
                tkz.tokenizeAll(List.of("This is a test", "this is another test")));
    }

    /** fastai's {@code _prepare_texts}: folders a, b, c of five files each, and the same fifteen texts in a table. */
    private record Prepared(Path folder, Table table, Path csv, List<String> texts) {}

    private Prepared prepareTexts() throws IOException {
        Path path = tmp.resolve("tmp");
        for (String d : List.of("a", "b", "c")) {
            Files.createDirectories(path.resolve(d));
            for (int i = 0; i < 5; i++) Files.writeString(path.resolve(d).resolve("text" + i + ".txt"), "This is an example of text " + d + " " + i);
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 5; i++) for (String d : List.of("a", "b", "c")) texts.add("This is an example of text " + d + " " + i);
        Table df = Table.create("df", StringColumn.create("text", texts), IntColumn.create("label", IntStream.range(0, 15).toArray()));
        Path csv = tmp.resolve("input.csv");
        df.write().csv(csv.toFile());
        return new Prepared(path, df, csv, texts);
    }

    private static List<String> expectedTokens(String d, int i) {
        return List.of(XXBOS, XXMAJ, "this", "is", "an", "example", "of", "text", d, String.valueOf(i));
    }

    private static Map<String, Long> counts(TokenCounter c) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : c.mostCommon(Integer.MAX_VALUE)) m.put(e.getKey(), e.getValue());
        return m;
    }

    /** fastai's integration test: a folder, the same texts as a list, as a table and as a CSV give the same tokens and counts. */
    @Test
    void folderTextsTableAndCsvAgree() throws IOException {
        Prepared p = prepareTexts();
        Tokenizer tkz = new Tokenizer(new WordTokenizer());
        TokenizedCorpus folder = TokenizeFolder.tokenizeFolder(tkz, p.folder());
        for (int k = 0; k < folder.size(); k++) {
            String f = folder.files().get(k); // a/text0.txt
            assertEquals(expectedTokens(f.substring(0, 1), f.charAt(f.length() - 5) - '0'), folder.tokens(k), f);
        }
        TokenCounter cntA = folder.counter();
        assertEquals(15, cntA.get("this"));
        assertEquals(5, cntA.get("a"));
        assertEquals(3, cntA.get("0"));

        List<List<String>> texts = tkz.tokenizeAll(p.texts());
        List<List<String>> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) for (String d : List.of("a", "b", "c")) expected.add(expectedTokens(d, i));
        assertEquals(expected, texts);

        TokenizeCsv.TokenizedTable out = TokenizeCsv.tokenizeTable(tkz, p.table(), "text");
        assertEquals(List.of("label", "text", "text_length"), out.table().columnNames());
        assertEquals(p.table().intColumn("label").asList(), out.table().intColumn("label").asList());
        assertEquals(expected, out.tokens());
        List<String> joined = expected.stream().map(t -> String.join(" ", t)).toList();
        assertEquals(joined, out.table().stringColumn("text").asList());
        assertEquals(counts(cntA), counts(out.counter()));

        TokenizeCsv.TokenizedTable fromCsv = TokenizeCsv.tokenizeCsv(tkz, p.csv(), "text");
        assertEquals(out.tokens(), fromCsv.tokens());
        assertEquals(counts(out.counter()), counts(fromCsv.counter()));
    }

    /** {@code nbs/37_text.learner.ipynb}: {@code decode_spec_tokens} undoes the rules for generated text. */
    @Test
    void decodeSpecTokens() {
        assertEquals(List.of("Text"), DecodeSpecTokens.decodeSpecTokens(List.of("xxmaj", "text")));
        assertEquals(List.of("TEXT"), DecodeSpecTokens.decodeSpecTokens(List.of("xxup", "text")));
        assertEquals(List.of("aaa"), DecodeSpecTokens.decodeSpecTokens(List.of("xxrep", "3", "a")));
        assertEquals(List.of("word", "word", "word"), DecodeSpecTokens.decodeSpecTokens(List.of("xxwrep", "3", "word")));
    }

    @Test
    void decodeSpecTokensIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertEquals(List.of("TITLE", "Is"), DecodeSpecTokens.decodeSpecTokens(List.of("xxup", "title", "xxmaj", "is")));
        } finally {
            Locale.setDefault(before);
        }
    }

    // ---- SentencePieceTokenizer ----

    private static String ruled(String text) {
        return Rules.apply(Rules.defaults(), text);
    }

    /**
     * fastai's {@code SentencePieceTokenizer(special_toks=[])} trained through {@code Tokenizer.from_folder} on the
     * fifteen {@code _prepare_texts} files: its vocab size rule gives 29, and the cell prints one text's pieces (which
     * text depends on a random split: "b 2" and "a 4" at commit 015931b8, "a 3" and "c 2" at 328dedb9). Trained with
     * fastai's flags (character coverage 0.99999, unk id 0 as there are no special tokens, no hard vocab limit).
     */
    @Test
    void sentencePieceWithoutSpecialTokensOnTheFifteenTexts() {
        List<String> texts = new ArrayList<>();
        for (String d : List.of("a", "b", "c")) for (int i = 0; i < 5; i++) texts.add(ruled("This is an example of text " + d + " " + i));
        int vocab = SubwordTokenizer.defaultVocabSize(texts, SubwordTokenizer.MAX_VOCAB_SIZE);
        assertEquals(29, vocab);
        SentencePieceModel sp = SentencePieceTrainer.train(texts, TrainerSpec.defaults(ModelType.UNIGRAM, vocab)
                .withCharacterCoverage(SubwordTokenizer.CHAR_COVERAGE).withUserDefinedSymbols(List.of()).withSpecialIds(0, -1, -1, -1)
                .withHardVocabLimit(false));
        List<String> common = List.of("\u2581xx", "b", "o", "s", "\u2581xx", "m", "a", "j", "\u2581t", "h", "i", "s", "\u2581", "i", "s",
                "\u2581a", "n", "\u2581", "ex", "a", "m", "p", "l", "e", "\u2581", "o", "f", "\u2581t", "ex", "t");
        Map<String, List<String>> ends = Map.of("b 2", List.of("\u2581", "b", "\u2581", "2"), "a 4", List.of("\u2581a", "\u2581", "4"),
                "a 3", List.of("\u2581a", "\u2581", "3"), "c 2", List.of("\u2581", "c", "\u2581", "2"));
        for (Map.Entry<String, List<String>> e : ends.entrySet()) {
            List<String> expected = new ArrayList<>(common);
            expected.addAll(e.getValue());
            assertEquals(expected, sp.encode(ruled("This is an example of text " + e.getKey())), e.getKey());
        }
    }

    /**
     * fastai's {@code tokenize_df(df, text_cols='text', tok=SentencePieceTokenizer(vocab_sz=34))} on ten texts. The cell
     * prints nothing; the expected pieces are spm_train's and spm_encode's (sentencepiece 0.1.97) with fastai's flags,
     * {@code --user_defined_symbols=▁xxunk,...,▁xxmaj --unk_id=9 --hard_vocab_limit=false ...}: each special token
     * one piece with its word-start mark.
     */
    @Test
    void sentencePieceWithFastaisSpecialTokens() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 10; i++) texts.add("This is an example of text " + i);
        SubwordTokenizer sp = new SubwordTokenizer(34, ModelType.UNIGRAM, false);
        sp.setup(texts.stream().map(FastaiTextCoreCasesTest::ruled).toList());
        assertEquals("\u2581xxunk", sp.model().idToPiece(0));
        assertEquals("<unk>", sp.model().idToPiece(9));
        List<String> expected = List.of("\u2581xxbos", "\u2581xxmaj", "\u2581", "t", "h", "i", "s", "\u2581", "i", "s", "\u2581", "a", "n",
                "\u2581", "e", "x", "a", "m", "p", "l", "e", "\u2581", "o", "f", "\u2581", "t", "e", "x", "t", "\u2581", "0");
        TokenizeCsv.TokenizedTable out = TokenizeCsv.tokenizeTable(new Tokenizer(sp), Table.create("df", StringColumn.create("text", texts)), "text");
        assertEquals(expected, out.tokens().get(0));
    }
}
