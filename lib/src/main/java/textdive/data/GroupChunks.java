package textdive.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The book's {@code group_chunks}: reorders a dataset so that row j of batch k is item
 * {@code j*m + k} ({@code m = len/bs}). Read in order with batch size {@code bs}, each row of a batch
 * then continues the text of the same row in the previous batch, which a stateful model needs.
 * The last {@code len % bs} items are dropped.
 */
public final class GroupChunks {
    private GroupChunks() {
    }

    public static <T> List<T> groupChunks(List<T> ds, int bs) {
        if (bs < 1) throw new IllegalArgumentException("batch size must be >= 1");
        int m = ds.size() / bs;
        List<T> out = new ArrayList<>(m * bs);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < bs; j++) out.add(ds.get(i + m * j));
        }
        return out;
    }
}
