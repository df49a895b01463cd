package textdive.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Mistakes a learner makes in a notebook get a Java exception that names what to fix, not a TensorFlow node. */
class BadInputTest {
    private static void assertMessage(Class<? extends Throwable> type, Executable code, String... parts) {
        Throwable e = assertThrows(type, code);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }

    @Test
    void embeddingIdsOutOfRangeNameTheLayerAndTheRangeAtRunTime() {
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("emb", false, b -> b.output("y", new Embedding(4, 2).apply(b.input("x", TInt32.class, 3))));
            assertMessage(IllegalArgumentException.class, () -> p.run(Map.of("x", new int[] {1, 2, 9})), "Embedding(4, 2)", "[0, 4)", "= 9");
            assertMessage(IllegalArgumentException.class, () -> p.run(Map.of("x", new int[] {-1, 2, 3})), "Embedding(4, 2)", "= -1");
            assertTrue(p.run(Map.of("x", new int[] {0, 1, 3})).get("y").length == 6, "valid ids still run after a failed run");
            assertMessage(IllegalArgumentException.class, () -> e.program("f", false, b -> new Embedding(4, 2).apply(b.input("x", TFloat32.class, 3))),
                    "Embedding(4, 2)", "integer token ids");
        }
    }

    @Test
    void crossEntropyTargetsOutOfRangeSayHowManyClassesTheModelPredicts() {
        try (Engine e = new Engine(TFloat32.class)) {
            Program p = e.program("ce", false, b -> b.output("l", Losses.crossEntropy(b.input("x", TFloat32.class, 2, 3), b.input("t", TInt32.class, 2))));
            assertMessage(IllegalArgumentException.class, () -> p.run(Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "t", new int[] {0, 7})),
                    "cross entropy", "target", "[0, 3)", "3 classes");
        }
    }

    @Test
    void crossEntropyOnSequenceOutputsPointsToTheFlatLoss() {
        try (Engine e = new Engine(TFloat32.class)) {
            assertMessage(IllegalArgumentException.class,
                    () -> e.program("seq", false, b -> Losses.crossEntropy(b.input("x", TFloat32.class, 2, 5, 3), b.input("t", TInt32.class, 2, 5))),
                    "[2, 5, 3]", "[2, 5]", "crossEntropyFlat");
            assertMessage(IllegalArgumentException.class,
                    () -> e.program("last", false, b -> Losses.crossEntropy(b.input("x", TFloat32.class, 2, 3), b.input("t", TInt32.class, 2, 5))),
                    "[2, 3]", "[2, 5]", "every step");
        }
    }

    @Test
    void linearRefusesTokenIdsAndTheWrongRank() {
        try (Engine e = new Engine(TFloat32.class)) {
            assertMessage(IllegalArgumentException.class, () -> e.program("a", false, b -> new Linear(3, 2).apply(b.input("x", TInt32.class, 4, 3))),
                    "Linear(3 -> 2)", "float input", "Embedding");
            assertMessage(IllegalArgumentException.class, () -> e.program("b", false, b -> new Linear(3, 2).apply(b.input("x", TFloat32.class))),
                    "Linear(3 -> 2)", "[]");
        }
    }

    @Test
    void elementwiseOpsCheckBroadcastingOnStaticShapes() {
        try (Engine e = new Engine(TFloat32.class)) {
            assertMessage(IllegalArgumentException.class, () -> e.program("a", false, b -> b.input("x", TFloat32.class, 3, 2).add(b.input("z", TFloat32.class, 3, 4))),
                    "add", "[3, 2]", "[3, 4]", "broadcast");
            assertMessage(IllegalArgumentException.class, () -> e.program("m", false, b -> b.input("x", TFloat32.class, 3, 2).mul(b.input("z", TFloat32.class, 4))),
                    "mul", "[3, 2]", "[4]");
            // what does broadcast still works: (3, 2) + (2), (3, 1) * (1, 4)
            Program ok = e.program("ok", false, b -> {
                b.output("s", b.input("x", TFloat32.class, 3, 2).add(b.input("z", TFloat32.class, 2)));
                b.output("p", b.input("u", TFloat32.class, 3, 1).mul(b.input("v", TFloat32.class, 1, 4)));
            });
            var out = ok.run(Map.of("x", new double[] {1, 2, 3, 4, 5, 6}, "z", new double[] {10, 20}, "u", new double[] {1, 2, 3}, "v", new double[] {1, 1, 1, 2}));
            assertTrue(out.get("s")[5] == 26 && out.get("p").length == 12 && out.get("p")[11] == 6);
        }
    }

    @Test
    void catStackViewPermuteAndChunkCheckShapesBeforeTensorFlowDoes() {
        try (Engine e = new Engine(TFloat32.class)) {
            assertMessage(IllegalArgumentException.class,
                    () -> e.program("c", false, b -> Tensor.cat(List.of(b.input("x", TFloat32.class, 3, 2), b.input("z", TFloat32.class, 4, 4)), 1)),
                    "cat along dimension 1", "[3, 2]", "[4, 4]");
            assertMessage(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0), "cat", "at least one");
            assertMessage(IllegalArgumentException.class,
                    () -> e.program("s", false, b -> Tensor.stack(List.of(b.input("x", TFloat32.class, 3, 2), b.input("z", TFloat32.class, 3, 4)), 0)),
                    "stack", "[3, 2]", "[3, 4]");
            assertMessage(IllegalArgumentException.class, () -> e.program("v", false, b -> b.input("x", TFloat32.class, 3, 5).view(4, 4)),
                    "cannot view [3, 5]", "15 elements", "[4, 4]");
            assertMessage(IllegalArgumentException.class, () -> e.program("v2", false, b -> b.input("x", TFloat32.class, 3, 5).view(-1, 4)), "cannot view");
            assertMessage(IllegalArgumentException.class, () -> e.program("p", false, b -> b.input("x", TFloat32.class, 3, 5).permute(0)), "permute", "2-d");
            assertMessage(IllegalArgumentException.class, () -> e.program("k", false, b -> b.input("x", TFloat32.class, 3, 4).chunk(0, 1)), "chunk", "got 0");
            assertMessage(IndexOutOfBoundsException.class, () -> e.program("col", false, b -> b.input("x", TFloat32.class, 3, 5).col(5)), "index 5", "size 5");
            // the valid forms still build: cat of (3, 2) and (3, 4) along 1, view with -1
            Program ok = e.program("ok", false, b -> {
                b.output("c", Tensor.cat(List.of(b.input("x", TFloat32.class, 3, 2), b.input("z", TFloat32.class, 3, 4)), 1));
                b.output("v", b.input("w", TFloat32.class, 3, 4).view(-1, 6));
            });
            var out = ok.run(Map.of("x", new double[6], "z", new double[12], "w", new double[12]));
            assertTrue(out.shape("c")[1] == 6 && out.shape("v")[0] == 2);
        }
    }

    @Test
    void hiddenStateSizesMustBePositive() {
        assertMessage(IllegalArgumentException.class, () -> new Hidden(-1, 3), "hidden state", "[-1, 3]");
    }
}
