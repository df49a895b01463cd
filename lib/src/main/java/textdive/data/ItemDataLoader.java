package textdive.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import textdive.nn.Rng;

/**
 * Batches (x, y) items in order or shuffled, dropping the last partial batch or not: fastai's
 * {@code DataLoader} over a list of tuples, with {@link #fromDsets} giving {@code DataLoaders.from_dsets}
 * defaults (training shuffled and dropping its last partial batch, validation neither; a setting given
 * explicitly applies to both).
 */
public class ItemDataLoader implements DataLoader {
    /** One item: a sequence of ids and its target, one id or a sequence of ids. */
    public record Item(int[] x, int[] y, boolean scalarTarget) {
        public static Item of(int[] x, int y) {
            return new Item(x, new int[] {y}, true);
        }

        public static Item of(int[] x, int[] y) {
            return new Item(x, y, false);
        }
    }

    private final List<Item> items;
    private final int bs;
    private final boolean shuffle;
    private final boolean dropLast;
    private final SplittableRandom random;

    public ItemDataLoader(List<Item> items, int bs, boolean shuffle, boolean dropLast) {
        if (bs < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + bs);
        if (items.isEmpty()) throw new IllegalArgumentException("no items to load");
        Item first = items.get(0);
        for (Item it : items) {
            if (it.x().length != first.x().length || it.y().length != first.y().length || it.scalarTarget() != first.scalarTarget()) {
                throw new IllegalArgumentException("all items must have the same shapes; found x length " + it.x().length + " vs " + first.x().length);
            }
        }
        this.items = List.copyOf(items);
        this.bs = bs;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.random = Rng.split();
    }

    /**
     * fastai's {@code DataLoaders.from_dsets(train, valid, bs=bs)}: the training set shuffled with its last
     * partial batch dropped, the validation set in order and whole.
     */
    public static DataLoaders fromDsets(List<Item> train, List<Item> valid, int bs) {
        return dsets(train, valid).bs(bs).build();
    }

    /**
     * fastai's {@code DataLoaders.from_dsets} with named options, e.g.
     * {@code ItemDataLoader.dsets(train, valid).bs(64).shuffle(false).dropLast(true).build()}. As in fastai, an
     * option given applies to both sets; one not given keeps each set's default (train: shuffled, last
     * partial batch dropped; valid: in order, whole).
     */
    public static Dsets dsets(List<Item> train, List<Item> valid) {
        return new Dsets(train, valid);
    }

    /** The options of {@link #dsets}. */
    public static final class Dsets {
        private final List<Item> train, valid;
        private int bs = 64;
        private Boolean shuffle, dropLast;

        private Dsets(List<Item> train, List<Item> valid) {
            if (train == null || valid == null) throw new IllegalArgumentException("dsets needs a training and a validation list, got " + (train == null ? "null train" : "null valid"));
            this.train = train;
            this.valid = valid;
        }

        /** Items per batch (fastai's default 64). */
        public Dsets bs(int bs) {
            if (bs < 1) throw new IllegalArgumentException("bs must be at least 1, got " + bs);
            this.bs = bs;
            return this;
        }

        /** Shuffle both sets each epoch (true) or keep their order (false), as fastai's {@code shuffle=}. */
        public Dsets shuffle(boolean on) {
            this.shuffle = on;
            return this;
        }

        /** Drop (true) or keep (false) the last partial batch of both sets, as fastai's {@code drop_last=}. */
        public Dsets dropLast(boolean on) {
            this.dropLast = on;
            return this;
        }

        public DataLoaders build() {
            return new DataLoaders(
                    new ItemDataLoader(train, bs, shuffle == null || shuffle, dropLast == null || dropLast),
                    new ItemDataLoader(valid, bs, shuffle != null && shuffle, dropLast != null && dropLast));
        }
    }

    public List<Item> items() {
        return items;
    }

    @Override
    public int size() {
        return dropLast ? items.size() / bs : (items.size() + bs - 1) / bs;
    }

    @Override
    public int batchSize() {
        return bs;
    }

    @Override
    public Iterator<Batch> iterator() {
        int[] order = new int[items.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        int nBatches = size();
        return new Iterator<>() {
            int next;

            public boolean hasNext() {
                return next < nBatches;
            }

            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int start = next * bs;
                int end = Math.min(start + bs, order.length);
                next++;
                List<Item> chunk = new ArrayList<>(end - start);
                for (int i = start; i < end; i++) chunk.add(items.get(order[i]));
                return collate(chunk);
            }
        };
    }

    static Batch collate(List<Item> chunk) {
        Item f = chunk.get(0);
        int n = chunk.size();
        int lx = f.x().length;
        int ly = f.y().length;
        int[] xs = new int[n * lx];
        int[] ys = new int[n * ly];
        for (int i = 0; i < n; i++) {
            System.arraycopy(chunk.get(i).x(), 0, xs, i * lx, lx);
            System.arraycopy(chunk.get(i).y(), 0, ys, i * ly, ly);
        }
        IntNdArray x = NdArrays.wrap(Shape.of(n, lx), DataBuffers.of(xs, true, false));
        IntNdArray y = f.scalarTarget() ? NdArrays.wrap(Shape.of(n), DataBuffers.of(ys, true, false))
                : NdArrays.wrap(Shape.of(n, ly), DataBuffers.of(ys, true, false));
        return new Batch(x, y);
    }
}
