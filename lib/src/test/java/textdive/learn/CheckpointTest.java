package textdive.learn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import textdive.data.DataLoaders;
import textdive.data.ItemDataLoader;
import textdive.data.ItemDataLoader.Item;
import textdive.io.SectionFile;
import textdive.models.LMModel1;
import textdive.nn.Losses;
import textdive.nn.Parameter;
import textdive.nn.Rng;
import textdive.testing.ChildJvm;

/** Learner.save / load: a checksummed checkpoint that survives kill -9 and is never half-loaded. */
class CheckpointTest {
    @TempDir Path dir;

    private static DataLoaders counting(int vocab) {
        List<Item> items = IntStream.range(0, 64).mapToObj(i -> Item.of(new int[] {i % vocab, (i + 1) % vocab, (i + 2) % vocab}, (i + 3) % vocab)).toList();
        return ItemDataLoader.fromDsets(items.subList(0, 48), items.subList(48, 64), 16);
    }

    private static Learner small(long seed) {
        Rng.seed(seed);
        Learner l = new Learner(counting(7), new LMModel1(7, 8), Losses.crossEntropy(), Metrics.accuracy());
        l.recorder().silent(true);
        return l;
    }

    /** 1.1 M weights and 2.2 M optimizer values: a 13 MB checkpoint, long enough to be killed in the middle of. */
    static Learner bigLearner() {
        Rng.seed(0);
        Learner l = new Learner(counting(50), new LMModel1(50, 1000), Losses.crossEntropy());
        l.recorder().silent(true);
        return l;
    }

    /** Version k of a checkpoint: k in every weight, {@link #slotValue} in every optimizer slot, step counter k. */
    static void fill(Learner l, int k) {
        for (Parameter p : l.model().parameters()) p.set(SaveForever.constant(p, k));
        for (var s : l.opt().state().entrySet()) s.getValue().set(SaveForever.constant(s.getValue(), slotValue(s.getKey(), k)));
        long[] steps = new long[l.opt().groups().size()];
        Arrays.fill(steps, k);
        l.opt().restoreSteps(steps);
    }

    /** -k in a first moment, k in Adam's second moment (a mean of squares: a negative one is refused on load). */
    static double slotValue(String name, int k) {
        return name.endsWith(".sqr_avg") ? k : -k;
    }

    private static List<double[]> everything(Learner l) {
        List<double[]> out = new ArrayList<>();
        for (Parameter p : l.model().parameters()) out.add(p.data());
        for (Parameter p : l.opt().state().values()) out.add(p.data());
        return out;
    }

    private static void assertSameState(Learner a, Learner b) {
        List<double[]> x = everything(a), y = everything(b);
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++) {
            double[] rounded = x.get(i).clone();
            for (int k = 0; k < rounded.length; k++) rounded[k] = (float) rounded[k];
            assertArrayEquals(rounded, y.get(i), "tensor " + i + ": float32 values, bit for bit");
        }
        for (int g = 0; g < a.opt().groups().size(); g++) assertEquals(a.opt().groups().get(g).step(), b.opt().groups().get(g).step());
    }

    @Test
    void saveThenLoadGivesBackEveryWeightOptimizerValueAndStep() throws IOException {
        Learner a = small(1);
        a.fitOneCycle(2, 1e-2);
        Path file = dir.resolve("models/lm.ckpt");
        a.save(file);
        Learner b = small(2);
        b.load(file);
        assertSameState(a, b);
        assertArrayEquals(a.validate(), b.validate(), 1e-6);
        b.fit(1, 1e-3); // and training goes on from there
        assertEquals(Checkpoint.KIND, "textdive-checkpoint");
        SectionFile.Reader r = SectionFile.open(file, Checkpoint.KIND);
        assertEquals(Checkpoint.VERSION, r.version());
        assertTrue(r.names().contains("optimizer") && r.names().stream().anyMatch(n -> n.startsWith("tensor/model.")), r.names().toString());
    }

    @Test
    void extraNamedSectionsAreStoredBesideTheWeightsAndIgnoredByLoad() throws IOException {
        Learner a = small(3);
        Path file = dir.resolve("with-vocab.ckpt");
        Checkpoint.save(file, a.model(), a.opt(), Map.of("vocab", out -> SectionFile.writeString(out, "xxunk xxpad the")));
        assertEquals("xxunk xxpad the", SectionFile.open(file, Checkpoint.KIND).section("vocab").readString());
        Learner b = small(4);
        b.load(file);
        assertSameState(a, b);
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(file, a.model(), a.opt(), Map.of("tensor/x", out -> {})));
    }

    @Test
    void aFlippedByteAnywhereIsReportedAndNothingIsLoaded() throws IOException {
        Learner a = small(5);
        for (Parameter p : a.model().parameters()) p.set(SaveForever.constant(p, 2.0)); // the example: 2.0 must not load as 0.0
        Path file = dir.resolve("flip.ckpt");
        a.save(file);
        byte[] good = Files.readAllBytes(file);
        Learner b = small(6);
        List<double[]> before = everything(b);
        Path bad = dir.resolve("bad.ckpt");
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) { // every byte of a small SectionFile is tried in SectionFileTest
            int i = rnd.nextInt(good.length);
            byte[] flipped = good.clone();
            flipped[i] ^= (byte) (1 + rnd.nextInt(255));
            Files.write(bad, flipped);
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.load(bad), "a flip of byte " + i + " of " + good.length + " loaded");
            assertTrue(e instanceof UncheckedIOException || e instanceof IllegalArgumentException, "byte " + i + ": " + e);
        }
        List<double[]> after = everything(b);
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), "a refused checkpoint changes nothing");
        b.load(file);
        for (Parameter p : b.model().parameters()) for (double v : p.data()) assertEquals(2.0, v);
    }

    @Test
    void aTruncatedCheckpointIsRefusedWithAMessageThatSaysSo() throws IOException {
        Learner a = small(7);
        Path file = dir.resolve("cut.ckpt");
        a.save(file);
        byte[] good = Files.readAllBytes(file);
        for (int n : new int[] {0, 10, good.length / 2, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, n));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> small(8).load(file));
            assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("unusable"), e.getMessage());
        }
    }

    @Test
    void aCraftedRankOf2pow31Minus1IsRefusedBeforeAllocating() throws IOException {
        Learner a = small(9);
        Path file = dir.resolve("crafted.ckpt");
        String name = "model." + a.model().namedParameters().keySet().iterator().next();
        SectionFile.write(file, Checkpoint.KIND, Checkpoint.VERSION, w -> w
                .section("optimizer", out -> {
                    out.writeInt(1);
                    out.writeLong(0);
                })
                .section("tensor/" + name, out -> {
                    out.writeInt(Integer.MAX_VALUE);
                    out.writeLong(3);
                }));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> a.load(file));
        assertTrue(e.getMessage().contains("rank count 2147483647"), e.getMessage());
        SectionFile.write(file, Checkpoint.KIND, Checkpoint.VERSION, w -> w
                .section("optimizer", out -> {
                    out.writeInt(1);
                    out.writeLong(0);
                })
                .section("tensor/" + name, out -> {
                    out.writeInt(2);
                    out.writeLong(1L << 40);
                    out.writeLong(1L << 40);
                }));
        e = assertThrows(UncheckedIOException.class, () -> a.load(file));
        assertTrue(e.getMessage().contains("dimension 0 is 1099511627776"), e.getMessage());
    }

    @Test
    void killedDuringSaveLeavesTheOldOrTheNewCheckpointAndTheNextRunCleansTheLeftover() throws Exception {
        Path file = dir.resolve("run/lm.ckpt");
        Files.createDirectories(file.getParent());
        Learner reader = bigLearner();
        Random rnd = new Random(5);
        int leftovers = 0;
        for (int round = 0; round < 2; round++) {
            Process child = ChildJvm.start(List.of("-Xss8m"), SaveForever.class, file.toString());
            int lastSaved = 0;
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                for (String line; (line = out.readLine()) != null && lastSaved < 2; ) {
                    if (line.startsWith("saved ")) lastSaved = Integer.parseInt(line.substring(6));
                }
                assertEquals(2, lastSaved, "the child saves");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (tempFiles(file).isEmpty() && System.nanoTime() < deadline) Thread.onSpinWait();
                Thread.sleep(rnd.nextInt(15));
            } finally {
                child.destroyForcibly(); // SIGKILL
                child.waitFor(30, TimeUnit.SECONDS);
            }
            reader.load(file); // whole, and one version: k everywhere
            double k = reader.model().parameters().get(0).data()[0];
            assertTrue(k >= lastSaved && k == Math.rint(k), "version " + k + " after 'saved " + lastSaved + "'");
            for (Parameter p : reader.model().parameters()) for (double v : p.data()) assertEquals(k, v);
            for (var s : reader.opt().state().entrySet()) for (double v : s.getValue().data()) assertEquals(slotValue(s.getKey(), (int) k), v, s.getKey());
            assertEquals((long) k, reader.opt().groups().get(0).step());
            List<Path> left = tempFiles(file);
            leftovers += left.size();
            for (Path p : left) Files.setLastModifiedTime(p, FileTime.from(Instant.now().minusSeconds(60))); // as on a later day
            reader.load(file);
            assertEquals(List.of(), tempFiles(file), "the next run removes the killed save's temporary file");
        }
        assertTrue(leftovers > 0, "at least one kill hit a save in the middle (a temporary file was left)");
    }

    private static List<Path> tempFiles(Path file) throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith("." + file.getFileName()) && p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedByName() throws IOException {
        Learner a = small(10);
        Path file = dir.resolve("a.ckpt");
        a.save(file);
        Learner other = new Learner(counting(7), new LMModel1(7, 9), Losses.crossEntropy());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.load(file));
        assertTrue(e.getMessage().contains("checkpoint shape") && e.getMessage().contains("model shape"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": model."), "the file is named: " + e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    /** The learner's checkpoint rewritten (with every checksum right) with one value of one section changed. */
    private static Path crafted(Path dir, Learner a, long step, String tensor, int index, float value) throws IOException {
        Path good = dir.resolve("good.ckpt"), bad = dir.resolve("crafted.ckpt");
        a.save(good);
        SectionFile.Reader r = SectionFile.open(good, Checkpoint.KIND);
        SectionFile.write(bad, Checkpoint.KIND, Checkpoint.VERSION, w -> {
            SectionFile.Input o = r.section("optimizer");
            int groups = o.readInt();
            w.section("optimizer", out -> {
                out.writeInt(groups);
                for (int g = 0; g < groups; g++) out.writeLong(g == 0 ? step : 0);
            });
            for (String name : r.names()) {
                if (!name.startsWith("tensor/")) continue;
                SectionFile.Input in = r.section(name);
                int rank = in.readInt();
                long[] shape = new long[rank];
                for (int k = 0; k < rank; k++) shape[k] = in.readLong();
                double[] v = new double[in.remaining() / 4];
                in.readFloats(v);
                if (name.equals("tensor/" + tensor)) v[index] = value;
                w.section(name, out -> {
                    out.writeInt(rank);
                    for (long d : shape) out.writeLong(d);
                    for (double x : v) out.writeFloat((float) x);
                });
            }
        });
        return bad;
    }

    /**
     * A crafted (checksummed) checkpoint with a negative step count, or a NaN, infinite or (Adam's second moment)
     * negative optimizer value, used to load; Adam then made NaN weights at the next step. Each is refused naming the
     * file and the field, and nothing is changed; a NaN weight of the model itself still loads (a diverged run's).
     */
    @Test
    void anOptimizerStateNoOptimizerCouldHaveIsRefusedNamingTheField() throws IOException {
        Learner a = small(11);
        a.fitOneCycle(1, 1e-2);
        String slot = a.opt().state().keySet().iterator().next().replaceAll("\\.[a-z_]+$", "");
        Learner b = small(12);
        List<double[]> before = everything(b);
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("section 'optimizer': parameter group 0's step count is -1 (an optimizer counts the steps it took, from 0)", new Object[] {-1L, "none", 0f});
        cases.put("section 'tensor/opt." + slot + ".grad_avg': value 3 is NaN (an optimizer's running averages are finite)",
                new Object[] {5L, "opt." + slot + ".grad_avg", Float.NaN});
        cases.put("section 'tensor/opt." + slot + ".sqr_avg': value 0 is Infinity (an optimizer's running averages are finite)",
                new Object[] {5L, "opt." + slot + ".sqr_avg", Float.POSITIVE_INFINITY});
        cases.put("section 'tensor/opt." + slot + ".sqr_avg': value 2 is -0.5 (a running average of squared gradients is never negative)",
                new Object[] {5L, "opt." + slot + ".sqr_avg", -0.5f});
        for (var c : cases.entrySet()) {
            Object[] x = c.getValue();
            int index = c.getKey().contains("value 3") ? 3 : c.getKey().contains("value 2") ? 2 : 0;
            Path file = crafted(dir, a, (long) x[0], (String) x[1], index, (float) x[2]);
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> b.load(file), c.getKey());
            assertEquals("cannot load the checkpoint: " + file + " is unusable: " + c.getKey(), e.getMessage());
        }
        List<double[]> after = everything(b);
        for (int i = 0; i < before.size(); i++) assertArrayEquals(before.get(i), after.get(i), "a refused checkpoint changes nothing");
        String weight = "model." + a.model().namedParameters().keySet().iterator().next();
        b.load(crafted(dir, a, 5, weight, 0, Float.NaN));
        assertTrue(Double.isNaN(b.model().parameters().get(0).data()[0]), "a NaN weight loads");
        assertEquals(5, b.opt().groups().get(0).step());
        b.load(crafted(dir, a, 0, "none", 0, 0f)); // a step count of 0 is a fresh optimizer's
    }
}
