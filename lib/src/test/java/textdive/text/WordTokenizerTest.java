package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** spaCy's English tokenization: the book's recorded outputs, then a table of cases. */
class WordTokenizerTest {
    static final WordTokenizer TOK = new WordTokenizer();

    static String review() throws IOException {
        return Files.readString(Path.of(System.getenv("TEXTDIVE_MIRROR"), "imdb_subset/test/neg/11779_4.txt"));
    }

    @Test
    void bookReview201Tokens() throws IOException {
        List<String> toks = TOK.tokenize(review());
        assertEquals(201, toks.size());
        assertEquals(List.of("This", "movie", ",", "which", "I", "just", "discovered", "at", "the", "video", "store", ",",
                "has", "apparently", "sit", "around", "for", "a", "couple", "of", "years", "without", "a", "distributor",
                ".", "It", "'s", "easy", "to", "see"), toks.subList(0, 30));
    }

    @Test
    void bookDollarSentence() {
        assertEquals(List.of("The", "U.S.", "dollar", "$", "1", "is", "$", "1.00", "."),
                TOK.tokenize("The U.S. dollar $1 is $1.00."));
    }

    @Test
    void bookReviewWithDefaultRules228Tokens() throws IOException {
        List<String> toks = TOK.tokenize(Rules.apply(Rules.defaults(), review()));
        assertEquals(228, toks.size());
        assertEquals(List.of("xxbos", "xxmaj", "this", "movie", ",", "which", "i", "just", "discovered", "at", "the",
                "video", "store", ",", "has", "apparently", "sit", "around", "for", "a", "couple", "of", "years",
                "without", "a", "distributor", ".", "xxmaj", "it", "'s", "easy"), toks.subList(0, 31));
    }

    @Test
    void bookHtmlAndUrlExample() {
        assertEquals(List.of("xxbos", "\u00a9", "xxmaj", "fast.ai", "xxrep", "3", "w", ".fast.ai", "/", "xxup", "index"),
                TOK.tokenize(Rules.apply(Rules.defaults(), "&copy;   Fast.ai www.fast.ai/INDEX")));
    }

    /** Input text | expected tokens joined with '|'. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', quoteCharacter = '\u0000', textBlock = """
            Don't do it	Do|n't|do|it
            it's fine, we'll see	it|'s|fine|,|we|'ll|see
            I can't. They're here	I|ca|n't|.|They|'re|here
            I cannot go	I|can|not|go
            gonna gotta	gon|na|got|ta
            Its John's car	Its|John|'s|car
            the U.S. dollar and the U.K.	the|U.S.|dollar|and|the|U.K.
            Mr. Smith vs. Dr. Who e.g. this	Mr.|Smith|vs.|Dr.|Who|e.g.|this
            costs $1.00 or £5 (US$3)	costs|$|1.00|or|£|5|(|US$|3|)
            10km at 5pm for 50%	10|km|at|5|pm|for|50|%
            see http://www.fast.ai/a?b=1. now	see|http://www.fast.ai/a?b=1|.|now
            mail me@example.com today	mail|me@example.com|today
            www.fast.ai/INDEX	www.fast.ai/INDEX
            a well-known long-term thing	a|well|-|known|long|-|term|thing
            1-2 and 3*4	1|-|2|and|3|*|4
            what?!? wow!!! no...	what|?|!|?|wow|!|!|!|no|...
            so great :) :-( <3 ^_^	so|great|:)|:-(|<3|^_^
            ("quoted")	(|"|quoted|"|)
            end.Next	end|.|Next
            red,green	red|,|green
            wait...what	wait|...|what
            C++ and and/or w/o	C++|and|and/or|w/o
            a	a
            """)
    void tokenizationTable(String text, String expected) {
        assertEquals(Arrays.asList(expected.split("\\|")), TOK.tokenize(text));
    }

    /**
     * Where we used to part from spaCy, with spaCy 3.8's tokens (spaCy 2's rules give the same): exceptions written
     * with the typographic apostrophe, a suffix found with the prefix still in view ({@code °F.}), URLs that end
     * or start with a character a word cannot or end in an uncased script, a capital outside the BMP before a period
     * (it used to throw).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', quoteCharacter = '\u0000', textBlock = """
            He doesn’t know	He|does|n’t|know
            I’m sure you’re right	I|’m|sure|you|’re|right
            Don’t go, they’ll see	Do|n’t|go|,|they|’ll|see
            y’all can’t stop	y’|all|ca|n’t|stop
            so sad :’(	so|sad|:’(
            °F.	°|F|.
            (°F.)	(|°|F|.|)
            see http://www.imdb.com/find?q= now	see|http://www.imdb.com/find?q=|now
            visit example.com/page- now	visit|example.com/page-|now
            see example.日本 now	see|example.日本|now
            𝐀.	𝐀.
            after 20-odd years	after|20-odd|years
            a 6,000-year ice age	a|6,000-year|ice|age
            Bond-esque 1950s-style	Bond|-|esque|1950s|-|style
            scored 20-20	scored|20|-|20
            """)
    void spacyParityFixes(String text, String expected) {
        assertEquals(Arrays.asList(expected.split("\\|")), TOK.tokenize(text));
    }

    /**
     * Letters are spaCy 2's tables, not Unicode's letter categories: CJK, Devanagari and Serbian {@code ђ} are no
     * letters to the infix rules (spaCy 3 added CJK and Devanagari and splits the first two), a Bengali vowel sign is.
     * Units after a number are spaCy's list, quirk included: it runs {@code тб} and {@code كم} together into one unit.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '\t', quoteCharacter = '\u0000', textBlock = """
            日本-語	日本-語
            नमस्ते-दुनिया	नमस्ते-दुनिया
            ђак-ђак	ђак-ђак
            বাংলা-বাংলা	বাংলা|-|বাংলা
            Привет-мир	Привет|-|мир
            1ª.X	1ª.X
            5тб	5тб
            5كم	5|كم
            5тбكم	5|тбكم
            """)
    void lettersAndUnitsAsSpacy2(String text, String expected) {
        assertEquals(Arrays.asList(expected.split("\\|")), TOK.tokenize(text));
    }

    /**
     * spaCy 3.8's tokens for sentences written for the purpose ({@code scripts/make_spacy_fixtures.py}); where
     * spaCy 2 tokenizes differently the fixture also holds its tokens and the reason, and those are what we give.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("spacyFixture")
    void spacyFixtureSentences(String text, List<String> expected, String why) {
        assertEquals(expected, TOK.tokenize(text), why);
    }

    static Stream<Arguments> spacyFixture() throws IOException {
        String name = "spacy_en_tokens.json";
        InputStream in = WordTokenizerTest.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("missing test fixture " + name + " (scripts/make_spacy_fixtures.py writes it)");
        JsonObject root;
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        }
        List<Arguments> cases = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            boolean spacy2 = c.has("spacy2");
            String why = spacy2 ? "spaCy 2's tokens: " + c.get("why").getAsString() : "spaCy " + root.get("spacy").getAsString() + "'s tokens";
            cases.add(Arguments.of(c.get("text").getAsString(), strings(c.getAsJsonArray(spacy2 ? "spacy2" : "spacy3")), why));
        }
        return cases.stream();
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>(a.size());
        for (JsonElement e : a) out.add(e.getAsString());
        return out;
    }

    @Test
    void whitespaceAsSpacyDoes() {
        assertEquals(List.of("a", " ", "b", "\n", "c", "\n\n", "d"), TOK.tokenize("a  b \nc\n\nd"));
        assertEquals(List.of(), TOK.tokenize(""));
        assertEquals(List.of(" "), TOK.tokenize(" "));
    }

    @Test
    void specialTokensStayWhole() {
        assertEquals(List.of("xxbos", "xxmaj", "hi", "xxrep", "3", "!"), TOK.tokenize("xxbos xxmaj hi xxrep 3 !"));
    }

    @Test
    void cachedAndUncachedAgree() {
        WordTokenizer fresh = new WordTokenizer();
        String s = "It's a test, isn't it? Yes: it's (really) a test.";
        assertEquals(fresh.tokenize(s), fresh.tokenize(s));
        assertEquals(fresh.tokenize(s), TOK.tokenize(s));
    }

    @Test
    void longRunsOfPunctuationTakeLinearTime() {
        // each '!' peeled off used to copy the rest of the piece to look it up as an exception: minutes for 200,000
        WordTokenizer fresh = new WordTokenizer();
        List<String> bangs = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fresh.tokenize("!".repeat(200_000)));
        assertEquals(200_000, bangs.size());
        assertTrue(bangs.stream().allMatch("!"::equals));
        List<String> mixed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fresh.tokenize("(".repeat(100_000) + "x" + "\ud83d\ude00".repeat(100_000)));
        assertEquals(200_001, mixed.size());
        assertEquals(List.of("(", "x", "\ud83d\ude00"), List.of(mixed.get(99_999), mixed.get(100_000), mixed.get(100_001)));
        assertEquals(List.of("(", "(", "do", "n't", ")", ")"), fresh.tokenize("((don't))"), "exceptions are still found after peeling");
    }
}
