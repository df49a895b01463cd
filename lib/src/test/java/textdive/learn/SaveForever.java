package textdive.learn;

import java.nio.file.Path;
import java.util.Arrays;
import textdive.nn.Parameter;

/**
 * Child-process helper of {@link CheckpointTest}: saves the same checkpoint over and over, version k
 * holding k in every weight and -k in every optimizer slot, and prints "saved k" after each save.
 */
public final class SaveForever {
    public static void main(String[] args) {
        Learner learn = CheckpointTest.bigLearner();
        Path file = Path.of(args[0]);
        for (int k = 1; ; k++) {
            CheckpointTest.fill(learn, k);
            learn.save(file);
            System.out.println("saved " + k);
            System.out.flush();
        }
    }

    private SaveForever() {}

    static double[] constant(Parameter p, double v) {
        double[] a = new double[p.numel()];
        Arrays.fill(a, v);
        return a;
    }
}
