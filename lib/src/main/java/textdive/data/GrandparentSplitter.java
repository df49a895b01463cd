package textdive.data;

import java.util.List;
import java.util.stream.IntStream;

/**
 * fastai's {@code GrandparentSplitter}: an item is in the training set if its grandparent folder
 * is named {@code train}, in the validation set if it is {@code valid} ({@code train/pos/1.txt}
 * is training). Items under neither are left out.
 */
public record GrandparentSplitter(String trainName, String validName) {

    public GrandparentSplitter {
        if (trainName.equals(validName)) throw new IllegalArgumentException("train and valid folders must differ");
    }

    /** Training and validation indices of {@code paths} ('/'-separated, relative or absolute). */
    public Split split(List<String> paths) {
        int[] train = IntStream.range(0, paths.size()).filter(i -> trainName.equals(grandparent(paths.get(i)))).toArray();
        int[] valid = IntStream.range(0, paths.size()).filter(i -> validName.equals(grandparent(paths.get(i)))).toArray();
        if (train.length == 0) throw new IllegalArgumentException("no items under a '" + trainName + "' folder");
        if (valid.length == 0) throw new IllegalArgumentException("no items under a '" + validName + "' folder");
        return new Split(train, valid);
    }

    static String grandparent(String path) {
        String[] parts = path.replace('\\', '/').split("/");
        return parts.length >= 3 ? parts[parts.length - 3] : "";
    }

    /** fastai's {@code parent_label}: the name of the folder a file is in. */
    public static String parentLabel(String path) {
        String[] parts = path.replace('\\', '/').split("/");
        return parts.length >= 2 ? parts[parts.length - 2] : "";
    }

    /** Indices of the training and validation items. */
    public record Split(int[] train, int[] valid) {}
}
