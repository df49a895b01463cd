package textdive.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Where two tokenizations of the same text disagree, as stretches of that text. Each token is placed in the text (the
 * first occurrence at or after the end of the token before it); a token of one side agrees with a token of the other
 * when both are the same string at the same place. The tokens between two agreements form one {@link Segment}, so both
 * sides of a segment cover the same characters ({@code ) :} against {@code ):}). Aligning by place rather than by a
 * longest common subsequence of strings keeps a {@code )} of one side from being paired with a {@code )} elsewhere.
 */
final class TokenDiff {
    private TokenDiff() {
    }

    /** One disagreement: text[start, end) is cut into {@code ours} on one side and {@code theirs} on the other. */
    record Segment(int start, int end, List<String> ours, List<String> theirs) {
        /** The tokens this disagreement costs: the longer side's count. */
        int tokens() {
            return Math.max(ours.size(), theirs.size());
        }
    }

    /** The segments where {@code ours} and {@code theirs}, two tokenizations of {@code text}, differ, in text order. */
    static List<Segment> segments(String text, List<String> ours, List<String> theirs) {
        int[] a = starts(text, ours), b = starts(text, theirs);
        int n = ours.size(), m = theirs.size();
        List<Segment> out = new ArrayList<>();
        int i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[i] == b[j] && ours.get(i).equals(theirs.get(j))) {
                i++;
                j++;
                continue;
            }
            int i0 = i, j0 = j;
            do { // take the token that ends first (both on a tie) until the two sides agree again
                int endA = i < n ? a[i] + length(text, ours, a, i) : Integer.MAX_VALUE;
                int endB = j < m ? b[j] + length(text, theirs, b, j) : Integer.MAX_VALUE;
                if (endA <= endB) i++;
                if (endB <= endA) j++;
            } while ((i < n || j < m) && !(i < n && j < m && a[i] == b[j] && ours.get(i).equals(theirs.get(j))));
            int start = Math.min(i0 < i ? a[i0] : Integer.MAX_VALUE, j0 < j ? b[j0] : Integer.MAX_VALUE);
            int end = Math.max(i0 < i ? a[i - 1] + length(text, ours, a, i - 1) : 0, j0 < j ? b[j - 1] + length(text, theirs, b, j - 1) : 0);
            out.add(new Segment(start, Math.max(start, end), List.copyOf(ours.subList(i0, i)), List.copyOf(theirs.subList(j0, j))));
        }
        return out;
    }

    /** Where each token starts in the text; a token the text does not hold gets the current place and no length. */
    private static int[] starts(String text, List<String> tokens) {
        int[] s = new int[tokens.size()];
        int pos = 0;
        for (int k = 0; k < s.length; k++) {
            int at = text.indexOf(tokens.get(k), pos);
            s[k] = at < 0 ? pos : at;
            if (at >= 0) pos = at + tokens.get(k).length();
        }
        return s;
    }

    /** The token's length in the text: 0 for a token the text does not hold at its place. */
    private static int length(String text, List<String> tokens, int[] starts, int k) {
        String t = tokens.get(k);
        return text.startsWith(t, starts[k]) ? t.length() : 0;
    }
}
