package textdive.text.subword;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class DoubleArrayTest {
    @Test
    void findsTheLongestKeyThatPrefixesTheInput() {
        TreeSet<byte[]> set = new TreeSet<>(Arrays::compareUnsigned);
        Random r = new Random(1);
        while (set.size() < 3000) {
            byte[] k = new byte[1 + r.nextInt(5)];
            for (int i = 0; i < k.length; i++) k[i] = (byte) (1 + r.nextInt(6));  // small alphabet: many shared prefixes
            set.add(k);
        }
        List<byte[]> keys = new ArrayList<>(set);
        int[] values = new int[keys.size()];
        for (int i = 0; i < values.length; i++) values[i] = i * 7;
        DoubleArray da = DoubleArray.build(keys, values);
        for (int t = 0; t < 2000; t++) {
            byte[] q = new byte[1 + r.nextInt(8)];
            for (int i = 0; i < q.length; i++) q[i] = (byte) (1 + r.nextInt(7));
            int bestLen = 0, bestVal = -1;
            for (int i = 0; i < keys.size(); i++) {
                byte[] k = keys.get(i);
                if (k.length <= q.length && k.length > bestLen && Arrays.equals(k, 0, k.length, q, 0, k.length)) {
                    bestLen = k.length;
                    bestVal = values[i];
                }
            }
            long m = da.longestPrefix(q, 0, q.length);
            if (bestVal < 0) assertEquals(-1, m);
            else {
                assertEquals(bestLen, (int) (m >>> 32));
                assertEquals(bestVal, (int) m);
            }
        }
    }

    @Test
    void rejectsUnsortedKeys() {
        List<byte[]> keys = List.of("b".getBytes(StandardCharsets.UTF_8), "a".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> DoubleArray.build(keys, new int[]{0, 1}));
    }
}
