package textdive.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import textdive.data.ItemDataLoader.Item;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;

/**
 * Chapter 12's data, prepared once for every later notebook, exercise, benchmark and test (notebook 04
 * builds it inline, as the book does): all lines of HUMAN_NUMBERS' {@code train.txt} then
 * {@code valid.txt}, stripped and joined with {@code " . "}, split on spaces; each token's id is the
 * index of its first appearance ({@link #vocab()}); {@link #nums()} is the whole stream as ids.
 *
 * <p>From the ids, the items of the chapter's models ({@link #threeWordItems} for LMModel1–3,
 * {@link #sequenceItems} for LMModel4–7) and their loaders: the first 80 % of the items train, the rest
 * validate, never shuffled (the validation numbers come after every training number), either as they
 * are ({@link #split}) or rearranged with {@link GroupChunks} so that row j of a batch continues row j
 * of the one before ({@link #groupedSplit}). The static forms take any id stream, so tests can use
 * synthetic data with exactly the book's recipe.
 */
public final class HumanNumbersData {
    /** The book's batch size for chapter 12. */
    public static final int BS = 64;
    /** The book's sequence length for LMModel4–7. */
    public static final int SL = 16;

    private final List<String> tokens;
    private final List<String> vocab;
    private final int[] nums;

    private HumanNumbersData(List<String> tokens, List<String> vocab, int[] nums) {
        this.tokens = tokens;
        this.vocab = vocab;
        this.nums = nums;
    }

    /** HUMAN_NUMBERS through the dataset registry (cache, offline mirror or download). */
    public static HumanNumbersData load() {
        return load(UntarData.untarData(URLs.HUMAN_NUMBERS));
    }

    /** From a folder holding {@code train.txt} and {@code valid.txt}. */
    public static HumanNumbersData load(Path folder) {
        List<String> lines = new ArrayList<>();
        for (String f : List.of("train.txt", "valid.txt")) {
            Path p = folder.resolve(f);
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("HUMAN_NUMBERS file not found: " + p);
            try {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        String text = String.join(" . ", lines.stream().map(String::strip).toList());
        List<String> tokens = List.of(text.split(" "));
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] nums = new int[tokens.size()];
        for (int i = 0; i < nums.length; i++) nums[i] = ids.computeIfAbsent(tokens.get(i), k -> ids.size());
        return new HumanNumbersData(tokens, List.copyOf(ids.keySet()), nums);
    }

    /** Every token of the stream, in order ({@code "one", ".", "two", ...}). */
    public List<String> tokens() {
        return tokens;
    }

    /** The distinct tokens in order of first appearance: id i is {@code vocab().get(i)}. */
    public List<String> vocab() {
        return vocab;
    }

    /** The stream as ids (a copy). */
    public int[] nums() {
        return nums.clone();
    }

    /** The words of some ids, joined with spaces: {@code decode(0, 1, 2)} is {@code "one . two"}. */
    public String decode(int... ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id < 0 || id >= vocab.size()) throw new IllegalArgumentException("id " + id + " is not in the vocab (0.." + (vocab.size() - 1) + ")");
            if (sb.length() > 0) sb.append(' ');
            sb.append(vocab.get(id));
        }
        return sb.toString();
    }

    /** LMModel1–3's items: three tokens in, the fourth out, a new item every three tokens. */
    public List<Item> threeWordItems() {
        return threeWordItems(nums);
    }

    /** LMModel4–7's items: {@code sl} tokens in, the same shifted by one out, a new item every {@code sl} tokens. */
    public List<Item> sequenceItems(int sl) {
        return sequenceItems(nums, sl);
    }

    /** LMModel1 and 2's loaders: {@code split(threeWordItems(), bs)}. */
    public DataLoaders threeWordDls(int bs) {
        return split(threeWordItems(), bs);
    }

    /** LMModel3's loaders: {@code groupedSplit(threeWordItems(), bs)}. */
    public DataLoaders groupedThreeWordDls(int bs) {
        return groupedSplit(threeWordItems(), bs);
    }

    /** LMModel4–7's loaders: {@code groupedSplit(sequenceItems(sl), bs)}. */
    public DataLoaders sequenceDls(int bs, int sl) {
        return groupedSplit(sequenceItems(sl), bs);
    }

    /** Three tokens in, the fourth out, for {@code i = 0, 3, 6, ...} while {@code i < nums.length - 4}. */
    public static List<Item> threeWordItems(int[] nums) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < nums.length - 4; i += 3) out.add(Item.of(Arrays.copyOfRange(nums, i, i + 3), nums[i + 3]));
        return out;
    }

    /** {@code sl} tokens in, the next {@code sl} (shifted by one) out, for {@code i = 0, sl, 2 sl, ...} while {@code i < nums.length - sl - 1}. */
    public static List<Item> sequenceItems(int[] nums, int sl) {
        if (sl < 1) throw new IllegalArgumentException("the sequence length sl must be at least 1, got " + sl);
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < nums.length - sl - 1; i += sl) {
            out.add(Item.of(Arrays.copyOfRange(nums, i, i + sl), Arrays.copyOfRange(nums, i + 1, i + sl + 1)));
        }
        return out;
    }

    /** Where the training items end: the first 80 % train ({@code int(len(seqs) * 0.8)}). */
    public static int cut(List<Item> items) {
        return (int) (items.size() * 0.8);
    }

    /**
     * The book's {@code DataLoaders.from_dsets(seqs[:cut], seqs[cut:], bs=bs, shuffle=False)}: no
     * shuffling; the training loader drops its last partial batch, the validation loader keeps it.
     */
    public static DataLoaders split(List<Item> items, int bs) {
        int cut = cut(items);
        return ItemDataLoader.dsets(items.subList(0, cut), items.subList(cut, items.size())).bs(bs).shuffle(false).build();
    }

    /**
     * The book's {@code DataLoaders.from_dsets(group_chunks(seqs[:cut], bs), group_chunks(seqs[cut:], bs),
     * bs=bs, drop_last=True, shuffle=False)}: a model that keeps its state between batches needs row j of
     * each batch to continue row j of the batch before, and every batch full.
     */
    public static DataLoaders groupedSplit(List<Item> items, int bs) {
        int cut = cut(items);
        return ItemDataLoader.dsets(GroupChunks.groupChunks(items.subList(0, cut), bs), GroupChunks.groupChunks(items.subList(cut, items.size()), bs)).bs(bs).shuffle(false).dropLast(true).build();
    }
}
