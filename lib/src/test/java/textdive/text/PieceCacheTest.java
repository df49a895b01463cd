package textdive.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PieceCacheTest {
    @Test
    void findsRegionsWithoutCopyingAndSurvivesGrowth() {
        PieceCache c = new PieceCache(100_000);
        for (int i = 0; i < 50_000; i++) {
            String k = "w" + i;
            c.put(k, k.hashCode(), new String[] {k, "!"});
        }
        String text = "xx w123 w49999 w50000";
        assertArrayEquals(new String[] {"w123", "!"}, c.get(text, 3, 7, PieceCache.hash(text, 3, 7)));
        assertArrayEquals(new String[] {"w49999", "!"}, c.get(text, 8, 14, PieceCache.hash(text, 8, 14)));
        assertNull(c.get(text, 15, 21, PieceCache.hash(text, 15, 21)));
    }

    @Test
    void stopsGrowingAtItsLimit() {
        PieceCache c = new PieceCache(10);
        for (int i = 0; i < 100; i++) c.put("k" + i, ("k" + i).hashCode(), new String[] {"v"});
        assertArrayEquals(new String[] {"v"}, c.get("k9", 0, 2, "k9".hashCode()));
        assertNull(c.get("k50", 0, 3, "k50".hashCode()));
    }
}
