package textdive.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import textdive.course.Scale;
import textdive.ulmfit.UlmfitScale;

class CommandLineTest {
    private static final List<String> SPLITS = List.of("few", "sample", "subset", "full");

    /** Reads a bench-ulmfit-like command line into "option=value" strings. */
    private static List<String> read(String... args) {
        CommandLine cl = new CommandLine("bench ulmfit", "--scale ci|cpu|full, --splits few,sample,subset,full, --steps N, --reuse", args);
        List<String> out = new ArrayList<>();
        while (cl.hasNext()) {
            String option = cl.next();
            switch (option) {
                case "--scale" -> out.add(option + "=" + cl.value(UlmfitScale::named).name());
                case "--splits" -> out.add(option + "=" + cl.choices(SPLITS));
                case "--steps" -> out.add(option + "=" + cl.intValue(2));
                case "--reuse" -> out.add(option);
                default -> throw cl.unknown();
            }
        }
        return out;
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> read(args)).getMessage();
    }

    @Test
    void readsOptionsInOrder() {
        assertEquals(List.of("--reuse", "--splits=[full, few]", "--scale=ci", "--steps=3"),
                read("--reuse", "--splits", "full, few", "--scale", "CI", "--steps", "3"));
        assertEquals(List.of(), read());
    }

    @Test
    void aMisspelledSplitIsNamedBeforeAnyWork() {
        String m = error("--splits", "few,fwe");
        assertTrue(m.startsWith("bench ulmfit: --splits takes few,sample,subset,full; 'fwe' in 'few,fwe' is not one of them"), m);
        assertTrue(m.contains("(options: --scale ci|cpu|full"), m);
        assertTrue(error("--splits", "few,").contains("'' in 'few,'"), error("--splits", "few,"));
        assertTrue(error("--splits", "few,full,few").contains("names few twice"));
    }

    @Test
    void aMissingValueIsNamed() {
        assertTrue(error("--splits").startsWith("bench ulmfit: --splits needs a value"));
        assertTrue(error("--splits", "--reuse").startsWith("bench ulmfit: --splits needs a value"));
        assertTrue(error("--scale", " ").startsWith("bench ulmfit: --scale needs a value, got an empty one"));
    }

    @Test
    void badChoicesAndNumbersAreNamed() {
        assertTrue(error("--scale", "huge").startsWith("bench ulmfit: --scale: a scale is 'ci', 'cpu' or 'full', not 'huge' (options: "));
        assertTrue(error("--steps", "four").startsWith("bench ulmfit: --steps must be a whole number, not 'four'"));
        assertTrue(error("--steps", "1").startsWith("bench ulmfit: --steps must be at least 2, not 1"));
        assertTrue(error("--reuse", "--bogus").startsWith("bench ulmfit: unknown option '--bogus'"));
    }

    @Test
    void nextPastTheEndFails() {
        CommandLine cl = new CommandLine("x", "none");
        assertFalse(cl.hasNext());
        assertThrows(IllegalStateException.class, cl::next);
    }

    @Test
    void scalesByName() {
        assertEquals(Scale.CPU, Scale.named(" Cpu "));
        assertEquals(UlmfitScale.CI, UlmfitScale.named("ci"));
        assertEquals(UlmfitScale.FULL, UlmfitScale.named("FULL"));
        assertEquals("a scale is 'ci', 'cpu' or 'full', not 'gpu'", assertThrows(IllegalArgumentException.class, () -> UlmfitScale.named("gpu")).getMessage());
    }

    @Test
    void optionEqualsValueIsReadAsTheOptionAndItsValue() {
        // --scale=ci used to be "unknown option '--scale=ci'"
        assertEquals(List.of("--scale=ci", "--splits=[few, full]", "--steps=3"), read("--scale=ci", "--splits=few,full", "--steps=3"));
        assertTrue(error("--scale=").startsWith("bench ulmfit: --scale needs a value, got an empty one"), error("--scale="));
        assertTrue(error("--reuse=yes").startsWith("bench ulmfit: --reuse takes no value, got 'yes' (options: "), error("--reuse=yes"));
        assertTrue(error("--reuse=no", "--steps", "3").startsWith("bench ulmfit: --reuse takes no value, got 'no'"));
        assertTrue(error("--bogus=1").startsWith("bench ulmfit: unknown option '--bogus=1'"));
    }

    @Test
    void anOptionGivenTwiceIsAnError() {
        // the first value used to be dropped without a word
        assertTrue(error("--splits", "few", "--splits", "full").startsWith("bench ulmfit: --splits is given twice (options: "));
        assertTrue(error("--scale=ci", "--scale", "full").startsWith("bench ulmfit: --scale is given twice"));
        assertTrue(error("--reuse", "--reuse").startsWith("bench ulmfit: --reuse is given twice"));
    }
}
