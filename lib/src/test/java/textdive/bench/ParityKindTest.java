package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import textdive.text.WordTokenizer;

/** The tests that tell a spaCy 2 vs 3 difference from an unexplained one, on segments as TokenDiff makes them. */
class ParityKindTest {
    private static final WordTokenizer WORD = new WordTokenizer();

    /** The one segment where ours and spaCy's tokens of the text differ, classified. */
    private static ParityKind kind(String text, String ours, String spacy) {
        List<TokenDiff.Segment> s = TokenDiff.segments(text, List.of(ours.split(" ")), List.of(spacy.split(" ")));
        assertEquals(1, s.size(), s.toString());
        return ParityKind.of(text, s.get(0), WORD::isException);
    }

    @Test
    void exceptionsSpaCy3FindsInsideAPiece() { // ours and spaCy 3.8's
        assertEquals(ParityKind.EXCEPTION_INSIDE_PIECE, kind("Bill Sykes):", "Bill Sykes ) :", "Bill Sykes ):"));
        assertEquals(ParityKind.EXCEPTION_INSIDE_PIECE, kind("Mr.Bean", "Mr . Bean", "Mr. Bean"));
        assertEquals(ParityKind.EXCEPTION_INSIDE_PIECE, kind("''I", "' ' I", "'' I"));
        assertEquals(ParityKind.EXCEPTION_INSIDE_PIECE, kind("great:)", "great : )", "great :)"));
    }

    @Test
    void theQuoteParenEmoticonOfSpaCy2() { // ours and spaCy 3.8's
        assertEquals(ParityKind.QUOTE_PAREN, kind("He said \")", "He said \")", "He said \" )"));
    }

    @Test
    void aDegreeUnitsPeriodBeforeAnotherSuffix() { // ours and spaCy 3.8's; the last one is made up
        assertEquals(ParityKind.DEGREE_PERIOD, kind("(°F.?)", "( ° F. ? )", "( ° F . ? )"));
        assertEquals(ParityKind.DEGREE_PERIOD, kind("°c.?", "° c. ?", "° c . ?"));
        assertEquals(ParityKind.UNEXPLAINED, kind("(F.?)", "( F. ? )", "( F . ? )"), "no degree sign, no spaCy 2 vs 3 reason");
    }

    @Test
    void currencySignsSpaCy31Added() { // ours and spaCy 3.8's
        assertEquals(ParityKind.CURRENCY, kind("cost ₤100", "cost ₤100", "cost ₤ 100"));
        assertEquals(ParityKind.DIGIT_HYPHEN, kind("after 20-odd years", "after 20-odd years", "after 20 - odd years"));
        assertEquals(ParityKind.UNEXPLAINED, kind("after 20odd years", "after 20odd years", "after 20 odd years"), "no hyphen");
        assertTrue(ParityKind.addedCurrency('₤'));
        assertTrue(ParityKind.addedCurrency('₿'));
        for (char c : "€₴₽$£¥".toCharArray()) assertFalse(ParityKind.addedCurrency(c), "spaCy 2 already had " + c);
    }

    @Test
    void anythingElseIsUnexplained() {
        // made-up disagreements no spaCy 2 vs 3 change explains: a plain word split, a whitespace token on one side only
        assertEquals(ParityKind.UNEXPLAINED, kind("well-known", "well-known", "well - known"));
        assertEquals(ParityKind.UNEXPLAINED, ParityKind.of("a  b", new TokenDiff.Segment(1, 2, List.of(" "), List.of()), WORD::isException));
        assertFalse(ParityKind.UNEXPLAINED.explained());
        // an exception that ours has too is not the difference
        assertEquals(ParityKind.UNEXPLAINED, kind("x :) y", "x :) y", "x : ) y"));
    }
}
