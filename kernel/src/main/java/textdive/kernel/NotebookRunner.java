package textdive.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs notebooks without Jupyter: every code cell in order with the shared {@link Evaluator}, outputs
 * and execution counts written back into the notebook. The first failing cell stops the run, which
 * names the notebook, the cell and the error and exits 1; the notebook file is then left as it was
 * (a failed run never writes a traceback into a tracked notebook), unless {@code --save-failed}
 * asks for the outputs up to the failing cell to be saved.
 *
 * <pre>java textdive.kernel.NotebookRunner [--quiet] [--save-failed] NOTEBOOK.ipynb|DIRECTORY...</pre>
 */
public final class NotebookRunner {

    /** Thrown by {@link #runFile} when a cell fails; names notebook, cell and error. */
    public static final class CellFailed extends RuntimeException {
        private final transient CellRun run;

        CellFailed(Path notebook, CellRun run) {
            super(notebook + ": cell " + run.index() + " failed: " + run.result().error().summary());
            this.run = run;
        }

        public CellRun run() {
            return run;
        }
    }

    private NotebookRunner() {}

    /**
     * Executes the notebook's code cells in {@code evaluator}, replacing their outputs. Blank cells
     * are cleared and skipped, as nbclient does. With {@code keepGoing} a failing cell doesn't stop
     * the run (the course tests use that on exercises).
     *
     * @param echo where cell output is echoed while it runs (a terminal), or null
     */
    public static List<CellRun> execute(Notebook nb, Evaluator evaluator, boolean keepGoing, PrintStream echo) {
        OutputCollector collector = new OutputCollector(echo);
        List<CellRun> runs = new ArrayList<>();
        int count = 0;
        int index = 0;
        try {
            for (JsonObject cell : nb.cells()) {
                index++;
                if (!Notebook.isCode(cell)) continue;
                JsonArray outputs = new JsonArray();
                cell.add("outputs", outputs);
                collector.startCell(outputs);
                String code = Notebook.source(cell);
                if (code.isBlank()) {
                    cell.add("execution_count", JsonNull.INSTANCE);
                    continue;
                }
                cell.addProperty("execution_count", ++count);
                long t0 = System.nanoTime();
                CellResult result = evaluator.eval(code, collector);
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (result.value() != null) collector.result(count, result.value());
                if (!result.isOk()) collector.error(result.error());
                collector.finishCell();
                CellRun run = new CellRun(index, cell, result, seconds);
                runs.add(run);
                if (!result.isOk() && !keepGoing) break;
            }
        } finally {
            collector.finishCell();
        }
        return runs;
    }

    /** Runs one notebook file in a fresh evaluator and saves it; throws {@link CellFailed} without saving. */
    public static List<CellRun> runFile(Path path, PrintStream echo) {
        return runFile(path, echo, false);
    }

    /**
     * Runs one notebook file in a fresh evaluator and saves it. When a cell fails, throws
     * {@link CellFailed} and leaves the file untouched, unless {@code saveFailed}.
     */
    public static List<CellRun> runFile(Path path, PrintStream echo, boolean saveFailed) {
        Notebook nb = Notebook.read(path);
        nb.normalize();
        List<CellRun> runs;
        try (Evaluator evaluator = new Evaluator()) {
            runs = execute(nb, evaluator, false, echo);
        }
        CellRun failed = runs.stream().filter(r -> !r.result().isOk()).findFirst().orElse(null);
        if (failed == null || saveFailed) nb.write();
        if (failed != null) throw new CellFailed(path, failed);
        return runs;
    }

    /** Notebooks named on the command line; a directory stands for its *.ipynb files, sorted. */
    static List<Path> expand(List<String> args) {
        List<Path> out = new ArrayList<>();
        for (String a : args) {
            Path p = Paths.get(a);
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    out.addAll(s.filter(f -> f.getFileName().toString().endsWith(".ipynb")).sorted().collect(Collectors.toList()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new IllegalArgumentException("no such notebook or directory: " + a);
            }
        }
        return out;
    }

    public static void main(String[] args) {
        boolean quiet = false;
        boolean saveFailed = false;
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--quiet") || a.equals("-q")) quiet = true;
            else if (a.equals("--save-failed")) saveFailed = true;
            else names.add(a);
        }
        PrintStream terminal = System.out;
        List<Path> notebooks;
        try {
            notebooks = expand(names);
        } catch (IllegalArgumentException e) {
            System.err.println("textdive run: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (notebooks.isEmpty()) {
            System.err.println("usage: textdive run [--quiet] [--save-failed] NOTEBOOK.ipynb|DIRECTORY... (or --all)");
            System.exit(2);
        }
        List<String> table = new ArrayList<>();
        for (Path nb : notebooks) {
            terminal.println("== " + nb);
            long t0 = System.nanoTime();
            try {
                List<CellRun> runs = runFile(nb, quiet ? null : terminal, saveFailed);
                double s = (System.nanoTime() - t0) / 1e9;
                terminal.printf("== %s: %d cells ok in %.1f s%n", nb, runs.size(), s);
                table.add(String.format("%-48s %6.1f s  ok", nb, s));
            } catch (CellFailed e) {
                System.err.println();
                System.err.println("FAILED " + e.getMessage());
                e.run().result().error().traceback().forEach(l -> System.err.println("  " + l));
                System.err.println(saveFailed ? "(outputs up to the failing cell were saved in " + nb + ")"
                        : "(" + nb + " was not changed; --save-failed saves the outputs up to the failing cell)");
                System.exit(1);
            } catch (RuntimeException e) {
                System.err.println("FAILED " + nb + ": " + e);
                System.exit(1);
            }
        }
        if (notebooks.size() > 1) {
            terminal.println();
            terminal.println("notebook                                          time");
            table.forEach(terminal::println);
        }
        System.exit(0);
    }
}
