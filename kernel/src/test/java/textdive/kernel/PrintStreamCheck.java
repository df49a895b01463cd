package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.PrintStream;

final class PrintStreamCheck {
    private PrintStreamCheck() {}

    /** Runs {@code r} and asserts System.out/err are the same afterwards. */
    static void assertRestored(Runnable r) {
        PrintStream out = System.out, err = System.err;
        r.run();
        assertSame(out, System.out);
        assertSame(err, System.err);
    }
}
