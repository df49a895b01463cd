package textdive.ulmfit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import textdive.io.CorruptFileException;
import textdive.io.SectionFile;

/**
 * A classifier's predictions on a set, kept so that a long run can stop and go on later without predicting again (on
 * two cores the full IMDb test set alone takes tens of minutes a model). Beside the {@link Preds}: a {@code fingerprint}
 * of everything that made them (the caller's choice: the encoder's bytes, the reviews, the settings), which a reader
 * compares before trusting the file, and {@code about}, a line for people (when, where, how long it took). A
 * {@link SectionFile} (atomic, durable, every byte checksummed) of kind {@value #KIND}: sections {@code classes},
 * {@code preds} (count, then each item's target and its probabilities as exact doubles) and {@code about}.
 */
public record PredsFile(Preds preds, String fingerprint, String about) {
    static final String KIND = "textdive-preds";
    static final int VERSION = 1;

    public void save(Path file) throws IOException {
        SectionFile.write(file, KIND, VERSION, w -> {
            w.section("classes", out -> {
                out.writeInt(preds.classes().size());
                for (String c : preds.classes()) SectionFile.writeString(out, c);
            });
            w.section("preds", out -> {
                out.writeInt(preds.size());
                for (int i = 0; i < preds.size(); i++) {
                    out.writeInt(preds.targets()[i]);
                    for (double p : preds.probs()[i]) out.writeLong(Double.doubleToLongBits(p));
                }
            });
            w.section("about", out -> {
                SectionFile.writeString(out, fingerprint);
                SectionFile.writeString(out, about);
            });
        });
    }

    /**
     * Reads a file {@link #save} wrote. Refuses, naming the file, one whose targets are not classes of its own or whose
     * probabilities are not probabilities (each in [0, 1], each item's summing to 1 within float rounding).
     */
    public static PredsFile load(Path file) throws IOException {
        SectionFile.Reader r = SectionFile.open(file, KIND, "predictions", VERSION);
        SectionFile.Input in = r.section("classes");
        int nClasses = in.readCount("classes", 4);
        if (nClasses < 2) throw in.fail(nClasses + " classes (a classifier has at least two)");
        List<String> classes = new ArrayList<>(nClasses);
        for (int c = 0; c < nClasses; c++) classes.add(in.readString());
        in.expectEnd();
        in = r.section("preds");
        int n = in.readCount("predictions", 4 + 8 * nClasses);
        int[] targets = new int[n];
        double[][] probs = new double[n][nClasses];
        for (int i = 0; i < n; i++) {
            targets[i] = in.readInt();
            if (targets[i] < 0 || targets[i] >= nClasses) throw in.fail("item " + i + "'s target " + targets[i] + ", not one of " + nClasses + " classes");
            double sum = 0;
            for (int c = 0; c < nClasses; c++) {
                double p = Double.longBitsToDouble(in.readLong());
                if (!(p >= 0 && p <= 1)) throw in.fail("item " + i + "'s probability " + p);
                probs[i][c] = p;
                sum += p;
            }
            if (Math.abs(sum - 1) > 1e-4) throw in.fail("item " + i + "'s probabilities sum to " + sum);
        }
        in.expectEnd();
        in = r.section("about");
        String fingerprint = in.readString(), about = in.readString();
        in.expectEnd();
        return new PredsFile(new Preds(probs, targets, classes), fingerprint, about);
    }
}
