import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import textdive.data.DataLoaders;
import textdive.data.HumanNumbersData;
import textdive.learn.Learner;
import textdive.learn.Metrics;
import textdive.learn.ModelResetter;
import textdive.models.LMModel3;
import textdive.models.LMModel4;
import textdive.models.LMModel5;
import textdive.nn.Losses;
import textdive.nn.Module;
import textdive.nn.Rng;

/**
 * Trains LMModel3, 4 or 5 exactly as {@code ./textdive bench lm-chapter} does for one seed, after
 * writing the initial weights (one value per line) and finally the smoothed training losses into DIR,
 * so that {@code python3 scripts/lm_recipe_reference.py from MODEL DIR} can replay the same start.
 *
 *   java -cp "$(./textdive classpath)" scripts/LmRecipeDump.java MODEL SEED DIR
 */
public class LmRecipeDump {
    public static void main(String[] args) throws Exception {
        int model = Integer.parseInt(args[0]);
        Rng.seed(Long.parseLong(args[1]));
        Path dir = Files.createDirectories(Path.of(args[2]));
        HumanNumbersData data = HumanNumbersData.load();
        int v = data.vocab().size();
        DataLoaders dls = model == 3 ? data.groupedThreeWordDls(64) : data.sequenceDls(64, 16);
        Module net = switch (model) {
            case 3 -> new LMModel3(v, 64, 64);
            case 4 -> new LMModel4(v, 64, 64);
            case 5 -> new LMModel5(v, 64, 2, 64);
            default -> throw new IllegalArgumentException("MODEL is 3, 4 or 5");
        };
        for (var e : net.namedParameters().entrySet()) {
            StringBuilder sb = new StringBuilder();
            for (double x : e.getValue().data()) sb.append((float) x).append('\n');
            Files.writeString(dir.resolve(e.getKey() + ".txt"), sb);
        }
        Learner learn = new Learner(dls, net, model == 3 ? Losses.crossEntropy() : Losses.crossEntropyFlat(), List.of(Metrics.accuracy()),
                List.of(new ModelResetter()));
        learn.fitOneCycle(model == 3 ? 10 : 15, 3e-3, 0.01);
        StringBuilder sb = new StringBuilder();
        for (double x : learn.recorder().losses()) sb.append(x).append('\n');
        Files.writeString(dir.resolve("java_losses.txt"), sb);
        learn.close();
    }
}
