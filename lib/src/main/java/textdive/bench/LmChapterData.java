package textdive.bench;

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
import textdive.data.DataLoaders;
import textdive.data.GroupChunks;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;

/** Chapter 12's data preparation on HUMAN_NUMBERS, as the book does it (for the benchmark and tests). */
public final class LmChapterData {
    public final List<String> vocab;
    public final int[] nums;

    private LmChapterData(List<String> vocab, int[] nums) {
        this.vocab = vocab;
        this.nums = nums;
    }

    /** The folder holding train.txt and valid.txt, through the dataset registry (cache, mirror or download). */
    public static Path defaultFolder() {
        return UntarData.untarData(URLs.HUMAN_NUMBERS);
    }

    /** All lines of train.txt then valid.txt, stripped and joined with " . ", split on spaces. */
    public static LmChapterData load(Path folder) {
        List<String> lines = new ArrayList<>();
        for (String f : List.of("train.txt", "valid.txt")) {
            Path p = folder.resolve(f);
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("HUMAN_NUMBERS file not found: " + p);
            try {
                lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String text = String.join(" . ", lines.stream().map(String::strip).toList());
        String[] tokens = text.split(" ");
        Map<String, Integer> ids = new LinkedHashMap<>();
        int[] nums = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) nums[i] = ids.computeIfAbsent(tokens[i], k -> ids.size());
        return new LmChapterData(List.copyOf(ids.keySet()), nums);
    }

    /** Three tokens in, the fourth out, every three tokens (LMModel1-3). */
    public List<Item> threeWordSeqs() {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < nums.length - 4; i += 3) out.add(Item.of(Arrays.copyOfRange(nums, i, i + 3), nums[i + 3]));
        return out;
    }

    /** Sequences of {@code sl} tokens, targets shifted by one (LMModel4-7). */
    public List<Item> sequences(int sl) {
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < nums.length - sl - 1; i += sl) out.add(Item.of(Arrays.copyOfRange(nums, i, i + sl), Arrays.copyOfRange(nums, i + 1, i + sl + 1)));
        return out;
    }

    /** LMModel1/2: 80/20 split, no shuffling (training still drops its last partial batch). */
    public static DataLoaders plain(List<Item> seqs, int bs) {
        int cut = (int) (seqs.size() * 0.8);
        return ItemDataLoader.fromDsets(seqs.subList(0, cut), seqs.subList(cut, seqs.size()), bs, false, null);
    }

    /** LMModel3+: each split rearranged with group_chunks, no shuffling, partial batches dropped. */
    public static DataLoaders grouped(List<Item> seqs, int bs) {
        int cut = (int) (seqs.size() * 0.8);
        return ItemDataLoader.fromDsets(GroupChunks.groupChunks(seqs.subList(0, cut), bs),
                GroupChunks.groupChunks(seqs.subList(cut, seqs.size()), bs), bs, false, true);
    }
}
