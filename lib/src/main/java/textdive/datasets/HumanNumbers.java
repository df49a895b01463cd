package textdive.datasets;

import textdive.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes fastai's HUMAN_NUMBERS files from scratch, byte for byte: {@code train.txt} holds 1 … 7,999
 * and {@code valid.txt} 8,001 … 9,999 (8,000 is in neither), one number per line in English words
 * without hyphens or "and", each line ending in a space: {@code "eight thousand one \n"}.
 * Useful to see that the dataset is nothing but counting, and to rebuild it without a download.
 */
public final class HumanNumbers {
    private static final String[] ONES = {"", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
            "eighty", "ninety"};

    private HumanNumbers() {}

    /** {@code n} (1 … 9,999) in words: {@code words(2019)} = {@code "two thousand nineteen"}. */
    public static String words(int n) {
        if (n < 1 || n > 9999) throw new IllegalArgumentException("HUMAN_NUMBERS covers 1 to 9999, not " + n);
        StringBuilder sb = new StringBuilder();
        if (n >= 1000) append(sb, ONES[n / 1000] + " thousand");
        if (n % 1000 >= 100) append(sb, ONES[n % 1000 / 100] + " hundred");
        int rest = n % 100;
        if (rest >= 20) {
            append(sb, TENS[rest / 10]);
            if (rest % 10 > 0) append(sb, ONES[rest % 10]);
        } else if (rest > 0) {
            append(sb, ONES[rest]);
        }
        return sb.toString();
    }

    /** The lines for {@code from} … {@code to} inclusive, each {@code words(n) + " \n"}. */
    public static String text(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int n = from; n <= to; n++) sb.append(words(n)).append(" \n");
        return sb.toString();
    }

    /** The content of {@code train.txt}: 1 … 7,999. */
    public static String train() {
        return text(1, 7999);
    }

    /** The content of {@code valid.txt}: 8,001 … 9,999. */
    public static String valid() {
        return text(8001, 9999);
    }

    /** Writes {@code train.txt} and {@code valid.txt} into {@code dir} (created), each atomically. */
    public static Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve("train.txt"), train());
            write(dir.resolve("valid.txt"), valid());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write HUMAN_NUMBERS into " + dir, e);
        }
    }

    private static void write(Path target, String text) throws IOException {
        AtomicFiles.writeString(target, text, StandardCharsets.US_ASCII);
    }

    private static void append(StringBuilder sb, String word) {
        if (sb.length() > 0) sb.append(' ');
        sb.append(word);
    }
}
