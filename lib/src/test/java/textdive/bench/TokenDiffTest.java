package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The segments where two tokenizations of one text differ: each covers the same characters on both sides. */
class TokenDiffTest {

    private static List<TokenDiff.Segment> diff(String text, String ours, String theirs) {
        return TokenDiff.segments(text, List.of(ours.split(" ")), List.of(theirs.split(" ")));
    }

    @Test
    void identicalTokensHaveNoSegment() {
        assertEquals(List.of(), diff("It was great!", "It was great !", "It was great !"));
        assertEquals(List.of(), TokenDiff.segments("", List.of(), List.of()));
    }

    @Test
    void aTokenCutInTwoIsOneSegment() {
        String text = "Bill Sykes): great";
        assertEquals(List.of(new TokenDiff.Segment(10, 12, List.of(")", ":"), List.of("):"))), diff(text, "Bill Sykes ) : great", "Bill Sykes ): great"));
    }

    @Test
    void segmentsAreFoundByPlaceNotByString() {
        // a diff of the strings may pair our first ")" with spaCy's lone ")" and report `: )` against `):`
        String text = "(a):) b)";
        assertEquals(List.of(new TokenDiff.Segment(2, 4, List.of(")", ":"), List.of("):"))),
                diff(text, "( a ) : ) b )", "( a ): ) b )"));
    }

    @Test
    void severalSegmentsInTextOrder() {
        String text = "Mr.Bean met Sykes):";
        assertEquals(List.of(new TokenDiff.Segment(0, 7, List.of("Mr.Bean"), List.of("Mr.", "Bean")),
                        new TokenDiff.Segment(17, 19, List.of(")", ":"), List.of("):"))),
                diff(text, "Mr.Bean met Sykes ) :", "Mr. Bean met Sykes ):"));
    }

    @Test
    void aTokenOnOneSideOnlyIsASegmentWithAnEmptySide() {
        String text = "a  b"; // spaCy makes the second space a token
        assertEquals(List.of(new TokenDiff.Segment(1, 2, List.of(" "), List.of())), TokenDiff.segments(text, List.of("a", " ", "b"), List.of("a", "b")));
        assertEquals(List.of(new TokenDiff.Segment(1, 2, List.of(), List.of(" "))), TokenDiff.segments(text, List.of("a", "b"), List.of("a", " ", "b")));
    }

    @Test
    void differencesAtTheEndsAreKept() {
        assertEquals(List.of(new TokenDiff.Segment(0, 2, List.of(":", ")"), List.of(":)"))), diff(":) ok", ": ) ok", ":) ok"));
        assertEquals(List.of(new TokenDiff.Segment(3, 5, List.of(":", ")"), List.of(":)"))), diff("ok :)", "ok : )", "ok :)"));
    }

    @Test
    void aTokenTheTextDoesNotHoldDiffersWithoutDerailingTheRest() {
        // placed where the token before it ends, with no length
        assertEquals(List.of(new TokenDiff.Segment(1, 1, List.of("x"), List.of())), TokenDiff.segments("a b", List.of("a", "x", "b"), List.of("a", "b")));
    }

    @Test
    void segmentCountsTheLongerSide() {
        assertEquals(3, new TokenDiff.Segment(0, 5, List.of(";", "-", ")"), List.of(";-)")).tokens());
        assertEquals(1, new TokenDiff.Segment(0, 1, List.of(), List.of(" ")).tokens());
    }
}
