package textdive.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A benchmark command run in this JVM, its standard output kept, and the rows of the table it printed. */
final class BenchOutput {
    private BenchOutput() {
    }

    interface Command {
        void main(String[] args) throws IOException;
    }

    /** What {@code command} printed to standard output. */
    static String run(Command command, String... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            command.main(args);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The rows under the table header that starts with {@code header}, each split into its {@code cells} cells. */
    static List<String[]> table(String out, String header, int cells) {
        return out.lines().filter(l -> l.startsWith("| ") && !l.startsWith(header)).map(l -> {
            String[] row = l.substring(2, l.length() - 2).split(" \\| ", -1);
            assertEquals(cells, row.length, l);
            return row;
        }).toList();
    }
}
