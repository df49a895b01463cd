package textdive.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules on fastai's documented examples (expected strings worked out from fastai's definitions). */
class RulesTest {
    @Test
    void defaultRulesAreInTheBooksOrder() {
        assertEquals(List.of("fixHtml", "replaceRep", "replaceWrep", "specAddSpaces", "rmUselessSpaces",
                "replaceAllCaps", "replaceMaj", "lowercase"), Rules.defaults().stream().map(Rule::name).toList());
    }

    @Test
    void specialTokensInFastaiOrder() {
        assertEquals(List.of("xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup", "xxmaj"), SpecialTokens.ALL);
    }

    @Test
    void fixHtml() {
        assertEquals("'bli'", Rules.fixHtml("#39;bli#146;"));
        assertEquals("Sarah & Duck \u2026", Rules.fixHtml("Sarah amp; Duck..."));
        assertEquals("a   $", Rules.fixHtml("a nbsp; #36;"));
        assertEquals("\" xxunk", Rules.fixHtml("\\\" <unk>"));
        assertEquals("' .-", Rules.fixHtml("quot;  @.@  @-@ "));
        assertEquals("\ntext\n", Rules.fixHtml("<br />text\\n"));
        assertEquals("\u00a9 2020 \u00e9\u00e9 A &bogus; \u20ac", Rules.fixHtml("&copy 2020 &eacute;&#233; &#65; &bogus; &#128;"));
    }

    @Test
    void replaceRep() {
        assertEquals("aa", Rules.replaceRep("aa"));
        assertEquals(" xxrep 4 a ", Rules.replaceRep("aaaa"));
        assertEquals("I'm so excited xxrep 6 ! ", Rules.replaceRep("I'm so excited!!!!!!"));
        assertEquals("a    b", Rules.replaceRep("a    b"), "whitespace is never a repetition");
        assertEquals(" xxrep 3 \uD83D\uDE00 ", Rules.replaceRep("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"), "counts code points");
    }

    @Test
    void replaceWrep() {
        assertEquals("ah ah", Rules.replaceWrep("ah ah"));
        assertEquals(" xxwrep 3 ah ", Rules.replaceWrep("ah ah ah"));
        assertEquals(" xxwrep 4 ah ", Rules.replaceWrep("ah ah ah ah"));
        assertEquals(" xxwrep 4 ah  ", Rules.replaceWrep("ah ah ah ah "));
        assertEquals(" xxwrep 4 ah .", Rules.replaceWrep("ah ah ah ah."));
        assertEquals("ah ah ahi", Rules.replaceWrep("ah ah ahi"));
        assertEquals("I xxwrep 3 really  loved it", Rules.replaceWrep("I really really really loved it"));
        assertEquals(" xxwrep 4 go \n", Rules.replaceWrep("go go\ngo  go\n"));
        String many = "ha ".repeat(1_000_000);
        assertEquals(" xxwrep 1000000 ha  ", Rules.replaceWrep(many), "a million repeats: no stack overflow");
    }

    @Test
    void longRunsOfWhitespaceTakeLinearTime() {
        // each space used to rescan the whole run after it: minutes for a few hundred thousand
        String blanks = " \t\n\u00a0".repeat(100_000);
        assertEquals(blanks, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Rules.replaceWrep(blanks)));
        assertEquals(List.of("xxbos"), assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> new Tokenizer(new WordTokenizer()).tokenize(blanks + "<br />".repeat(50_000))));
        assertEquals(" xxwrep 3 ah  x", Rules.replaceWrep("ah " + blanks + "ah ah x"), "repeats across a long blank run");
    }

    @Test
    void specAddSpacesAndRmUselessSpaces() {
        assertEquals(" # fastai", Rules.specAddSpaces("#fastai"));
        assertEquals(" / fastai", Rules.specAddSpaces("/fastai"));
        assertEquals(" \\ fastai", Rules.specAddSpaces("\\fastai"));
        assertEquals("a b c", Rules.rmUselessSpaces("a  b   c"));
        assertEquals("a\n\nb", Rules.rmUselessSpaces("a\n\nb"), "only spaces are collapsed");
    }

    @Test
    void capitals() {
        assertEquals("xxup i'm xxup shouting", Rules.replaceAllCaps("I'M SHOUTING"));
        assertEquals("I'm speaking normally", Rules.replaceAllCaps("I'm speaking normally"));
        assertEquals("i am speaking normally", Rules.replaceAllCaps("I am speaking normally"));
        assertEquals("xxmaj jeremy xxmaj howard", Rules.replaceMaj("Jeremy Howard"));
        assertEquals("i don't think there is any maj here", Rules.replaceMaj("I don't think there is any maj here"));
        assertEquals("McDonald", Rules.replaceMaj("McDonald"));
        assertEquals("xxup api.\nxxmaj then", Rules.replaceMaj(Rules.replaceAllCaps("API.\nThen")));
    }

    @Test
    void lowercaseAndReplaceSpace() {
        assertEquals("xxbos hello world", Rules.lowercase("  Hello World \n"));
        assertEquals("hello xxeos", Rules.lowercase("Hello", false, true));
        assertEquals("a\u2581b", Rules.replaceSpace("a b"));
    }

    @Test
    void userRulesPlugIn() {
        Rule url = Rule.of("replaceUrl", s -> s.replaceAll("https?://\\S+", "xxurl"));
        assertEquals("see xxurl now", Rules.apply(List.of(url), "see https://fast.ai now"));
        assertEquals("replaceUrl", url.toString());
    }
}
