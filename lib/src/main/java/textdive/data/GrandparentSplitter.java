package textdive.data;

import java.io.File;
import java.util.List;
import java.util.stream.IntStream;

/**
 * fastai's {@code GrandparentSplitter}: an item is in the training set if its grandparent folder
 * is named {@code train}, in the validation set if it is {@code valid} ({@code train/pos/1.txt}
 * is training). Items under neither are left out.
 */
public record GrandparentSplitter(String trainName, String validName) {

    public GrandparentSplitter {
        if (trainName == null || validName == null)
            throw new IllegalArgumentException("train and valid folder names are needed, got " + trainName + ", " + validName);
        if (trainName.equals(validName)) throw new IllegalArgumentException("train and valid folders must differ, both are '" + trainName + "'");
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
        String[] parts = parts(path);
        return parts.length >= 3 ? parts[parts.length - 3] : "";
    }

    /** fastai's {@code parent_label}: the name of the folder a file is in. */
    public static String parentLabel(String path) {
        String[] parts = parts(path);
        return parts.length >= 2 ? parts[parts.length - 2] : "";
    }

    /**
     * The names of a path. '\' separates them only where it is the file separator (Windows): on Linux it may be part of
     * a file name ({@code train/neg/a\b.txt} is in {@code neg}), and splitting there would move the file out of its class.
     */
    static String[] parts(String path) {
        return (File.separatorChar == '\\' ? path.replace('\\', '/') : path).split("/");
    }

    /** Indices of the training and validation items. */
    public record Split(int[] train, int[] valid) {}
}
