package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.text.Rules;
import textdive.text.Tokenizer;

class SubwordTokenizerTest {
    @Test
    void defaultVocabSizeIsFastaisRule() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) texts.add("w" + i + " w" + i + " common");
        // 1001 distinct words / 4 = 250 → 256 (multiple of 8)
        assertEquals(256, SubwordTokenizer.defaultVocabSize(texts, 30_000));
        assertEquals(29, SubwordTokenizer.defaultVocabSize(List.of("a b c"), 30_000));
        assertEquals(100, SubwordTokenizer.defaultVocabSize(texts, 100));
    }

    @Test
    void setupTrainsAndSpecialTokensSurvive(@TempDir Path dir) {
        List<String> texts = new ArrayList<>();
        for (String t : SentencePieceTrainerTest.CORPUS) texts.add("xxbos xxmaj " + t);
        SubwordTokenizer tok = new SubwordTokenizer(48);
        tok.setup(texts);
        assertEquals("\u2581xxunk", tok.model().idToPiece(0), "fastai's user-defined symbols carry the word-start mark");
        assertEquals("<unk>", tok.model().idToPiece(9));
        List<String> pieces = tok.tokenize("xxbos xxmaj the newest");
        assertEquals(List.of("▁xxbos", "▁xxmaj"), pieces.subList(0, 2), "one piece per special token, as fastai's");
        assertEquals("xxbos xxmaj the newest", tok.decode(pieces));
        tok.save(dir.resolve("sp.model"));
        assertEquals(pieces, SubwordTokenizer.load(dir.resolve("sp.model")).tokenize("xxbos xxmaj the newest"));
        assertEquals(List.of(pieces), tok.tokenizeAll(List.of("xxbos xxmaj the newest")));
    }

    @Test
    void misuseGivesClearErrors() {
        var s = assertThrows(IllegalStateException.class, () -> new SubwordTokenizer(100).tokenize("x"));
        assertTrue(s.getMessage().contains("setup"));
        var e = assertThrows(IllegalArgumentException.class, () -> new SubwordTokenizer(100).setup(List.of(" ", "")));
        assertTrue(e.getMessage().contains("empty corpus"));
        assertThrows(IllegalArgumentException.class, () -> new SubwordTokenizer(5));
        e = assertThrows(IllegalArgumentException.class, () -> new SubwordTokenizer(9000).setup(SentencePieceTrainerTest.CORPUS));
        assertTrue(e.getMessage().contains("too high"), e.getMessage());
    }

    @Test
    void plugsIntoTheTokenizerPipeline() {
        List<String> raw = new ArrayList<>();
        for (String t : SentencePieceTrainerTest.CORPUS) raw.add("The ROADS were " + t);
        List<String> prepared = raw.stream().map(t -> Rules.apply(Rules.defaults(), t)).toList();
        SubwordTokenizer sp = new SubwordTokenizer(60);
        sp.setup(prepared);
        Tokenizer tok = new Tokenizer(sp);
        List<String> pieces = tok.tokenize("The ROADS were new.");
        assertEquals(List.of("▁xxbos", "▁xxmaj"), pieces.subList(0, 2));
        assertTrue(pieces.contains("▁xxup"), pieces.toString());
        assertEquals(sp.tokenize(prepared.get(0)), tok.tokenize(raw.get(0)));
    }
}
