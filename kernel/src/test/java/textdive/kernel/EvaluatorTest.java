package textdive.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import textdive.viz.Display;

/** One JShell session for the class (as in a notebook); each test uses its own names. */
class EvaluatorTest {
    static Evaluator ev;

    @BeforeAll
    static void start() {
        ev = new Evaluator();
    }

    @AfterAll
    static void stop() {
        ev.close();
    }

    /** Records outputs as "stream stdout: text" / "display id: text" / "update id: text". */
    static final class Recorder implements CellOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void stream(String name, String text) {
            events.add(name + ": " + text);
        }

        @Override
        public void display(String id, Map<String, String> bundle, boolean update) {
            events.add((update ? "update " : "display ") + bundle.get("text/plain"));
        }
    }

    static CellResult run(String code, Recorder r) {
        return ev.eval(code, r);
    }

    /** Runs {@code code} on another thread, interrupts it once it runs for {@code afterMillis}, returns how it ended. */
    static CellResult interruptedAfter(String code, long afterMillis) throws InterruptedException {
        CellResult[] res = new CellResult[1];
        Thread t = new Thread(() -> res[0] = run(code, new Recorder()));
        t.start();
        while (!ev.isRunning()) Thread.sleep(10);
        Thread.sleep(afterMillis);
        ev.interrupt();
        t.join(30_000);
        assertTrue(!t.isAlive(), "the cell was not stopped: " + code);
        return res[0];
    }

    @Test
    void trailingExpressionIsTheValueAndDeclarationsAreNot() {
        Recorder r = new Recorder();
        CellResult res = run("int a1 = 20;\nint b1 = 22;\na1 + b1", r);
        assertTrue(res.isOk());
        assertEquals(Map.of("text/plain", "42"), res.value());
        assertNull(run("int c1 = a1;", r).value());
        assertNull(run("a1 = 3;", r).value(), "assignments show nothing");
        assertEquals("3", run("a1", r).value().get("text/plain"));
        assertNull(run("System.out.print(\"\");", r).value());
    }

    @Test
    void defaultImportsAreThere() {
        CellResult res = run("List<Integer> l2 = new ArrayList<>(Set.of(3));\nPaths.get(\"x\").toString() + l2 + Scale.current().getClass().getSimpleName()", new Recorder());
        assertTrue(res.isOk(), () -> res.error().summary());
        assertEquals("x[3]Scale", res.value().get("text/plain"));
    }

    @Test
    void streamsAreCapturedPerCellInOrderWithDisplays() {
        Recorder r = new Recorder();
        PrintStreamCheck.assertRestored(() -> run("System.out.println(\"héllo\");\nvar id3 = display(\"a\");\nSystem.err.println(\"warn\");\nupdate(id3, \"b\");", r));
        assertEquals(List.of("stdout: héllo\n", "display a", "stderr: warn\n", "update b"), r.events);
    }

    /**
     * The book builds a Learner in one cell and trains it in a later one: the epoch table belongs to the
     * training cell. (In Jupyter every cell has its own output channel; a Recorder that kept the building
     * cell's System.out sent the table there.)
     */
    @Test
    void aLaterCellsTrainingTableLandsInThatCell() {
        Recorder building = new Recorder();
        CellResult built = run(String.join("\n",
                "var items7 = java.util.stream.IntStream.range(0, 64).mapToObj(i -> textdive.data.ItemDataLoader.Item.of(new int[] {i % 5, (i + 1) % 5, (i + 2) % 5}, (i + 3) % 5)).toList();",
                "var dls7 = textdive.data.ItemDataLoader.fromDsets(items7.subList(0, 48), items7.subList(48, 64), 16);",
                "var learn7 = new textdive.learn.Learner(dls7, new textdive.models.LMModel1(5, 4), textdive.nn.Losses.crossEntropy(), textdive.learn.Metrics.accuracy());"), building);
        assertTrue(built.isOk(), () -> built.error().summary());
        Recorder training = new Recorder();
        CellResult trained = run("learn7.fit(2, 1e-2);", training);
        assertTrue(trained.isOk(), () -> trained.error().summary());
        assertEquals(List.of(), building.events, "nothing printed under the building cell");
        String table = String.join("", training.events);
        assertTrue(table.startsWith("stdout: epoch     train_loss  valid_loss  accuracy  time"), table);
        assertEquals(3, table.lines().count(), table);
    }

    @Test
    void tablesRenderAsHtmlWithPlainFallback() {
        CellResult res = run("tech.tablesaw.api.Table.create(\"t4\", tech.tablesaw.api.IntColumn.create(\"n\", 1, 2))", new Recorder());
        assertTrue(res.isOk(), () -> res.error().summary());
        assertTrue(res.value().get("text/html").contains("<th>n</th>"), res.value().toString());
        assertTrue(res.value().get("text/plain").contains("t4"), res.value().toString());
    }

    @Test
    void compileErrorNamesTheCellLineAndShowsTheCode() {
        CellResult res = run("int ok5 = 1;\n\nint bad5 = ok5 +\n    missing5;", new Recorder());
        CellError e = res.error();
        assertEquals("CompilationError", e.ename());
        assertEquals(4, e.line());
        assertTrue(e.evalue().startsWith("cannot find symbol"), e.evalue());
        assertTrue(e.traceback().contains("        missing5;"), e.traceback().toString());
        assertTrue(e.summary().endsWith("(cell line 4)"), e.summary());
    }

    @Test
    void runtimeErrorNamesExceptionMessageAndLine() {
        run("void boom6(int x) {\n  if (x > 0)\n    throw new IllegalStateException(\"too big: \" + x);\n}", new Recorder());
        CellResult res = run("// a comment first\nboom6(0);\nboom6(7);", new Recorder());
        CellError e = res.error();
        assertEquals("java.lang.IllegalStateException", e.ename());
        assertEquals("too big: 7", e.evalue());
        assertEquals(3, e.line());
        assertEquals("java.lang.IllegalStateException: too big: 7", e.traceback().get(0));
        assertTrue(e.traceback().get(1).matches("    at boom6 \\(cell \\[\\d+], line 3\\)"), e.traceback().toString());
        assertEquals("    at (this cell, line 3)", e.traceback().get(2));
    }

    @Test
    void failedCheckIsReportedAsACheckNotACrash() {
        CellError e = run("int n7 = 29;\ncheckEquals(30, n7, \"vocab size\");", new Recorder()).error();
        assertTrue(e.isCheckFailure());
        assertEquals("check failed: vocab size: expected <30> but was <29>", e.evalue());
        assertEquals(List.of("check failed: vocab size: expected <30> but was <29> (cell line 2)"), e.traceback());
    }

    @Test
    void firstFailureStopsTheCell() {
        Recorder r = new Recorder();
        assertTrue(run("System.out.println(1);\nObject o8 = null;\no8.hashCode();\nSystem.out.println(2);", r).error().ename()
                .equals("java.lang.NullPointerException"));
        assertEquals(List.of("stdout: 1\n"), r.events);
    }

    @Test
    void unknownMagicFailsLoudly() {
        CellError e = run("// needs a jar\n%classpath lib/foo.jar\nint x9 = 1;", new Recorder()).error();
        assertEquals("UnknownMagic", e.ename());
        assertEquals(2, e.line());
        assertTrue(run("x9", new Recorder()).error() != null, "nothing of a cell with a magic runs");
        assertEquals("CompilationError", run("int y9 = 1;\n%jars foo.jar", new Recorder()).error().ename());
        CellResult textBlock = run("String.format(\"\"\"\n%d items\n\"\"\", 3)", new Recorder());
        assertTrue(textBlock.isOk(), () -> textBlock.error().summary());
        assertEquals("3 items\n", textBlock.value().get("text/plain"));
    }

    @Test
    void incompleteCodeIsACompileError() {
        CellError e = run("void open10() {\n  int y = 1;", new Recorder()).error();
        assertEquals("CompilationError", e.ename());
    }

    @Test
    void libraryClassesAreSharedWithTheHost() {
        List<String> seen = new ArrayList<>();
        Display.Sink old = Display.sink();
        // the evaluator installs its own sink while a cell runs and restores the host's afterwards
        Display.setSink((id, b, u) -> seen.add(b.get("text/plain")));
        try {
            Recorder r = new Recorder();
            assertTrue(run("textdive.viz.Display.class.getClassLoader() == ClassLoader.getSystemClassLoader()", r)
                    .value().get("text/plain").equals("true"));
            Display.display("after");
            assertEquals(List.of("after"), seen);
        } finally {
            Display.setSink(old);
        }
    }

    @Test
    void interruptStopsARunawayCellAndTheSessionLivesOn() throws Exception {
        CellResult[] res = new CellResult[1];
        Thread t = new Thread(() -> res[0] = run("long spins11 = 0;\nwhile (true) { spins11++; }", new Recorder()));
        t.start();
        Thread.sleep(200);
        // an interrupt while the cell still compiles stops it before it starts; keep asking until
        // it is over, as a user would (bounded, so a broken interrupt fails instead of hanging)
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (t.isAlive() && System.nanoTime() < deadline) {
            ev.interrupt();
            t.join(500);
        }
        assertTrue(!t.isAlive(), "the cell was not stopped");
        assertEquals("Interrupted", res[0].error().ename());
        assertEquals("2", run("1 + 1", new Recorder()).value().get("text/plain"), "the session lives on");
    }

    @Test
    void completenessAndCompletion() {
        assertEquals(jdk.jshell.SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE, ev.completeness("for (int i = 0; i < 3; i++) {"));
        int[] anchor = new int[1];
        assertTrue(ev.completions("Str", 3, anchor).stream().anyMatch(s -> s.continuation().equals("String")));
    }

    @Test
    void skipsLeadingBlankAndComments() {
        assertEquals(14, Evaluator.skipBlankAndComments("\n // a\n/* b */x"));
        assertEquals(3, Evaluator.skipBlankAndComments("  \n"));
    }

    /** Issue 11, item 2: an exit in a cell is an error of that cell; the session (the kernel) lives on. */
    @Test
    void systemExitInACellIsAnErrorOfThatCell() {
        Recorder r = new Recorder();
        CellError e = run("System.out.println(\"before\");\nSystem.exit(3);\nSystem.out.println(\"after\");", r).error();
        assertEquals("SystemExit", e.ename());
        assertEquals("System.exit(3) was called: a cell cannot end the kernel, so the cell stops here (to start afresh, restart the kernel)", e.evalue());
        assertEquals(List.of("SystemExit: " + e.evalue(), "    at (this cell, line 2)"), e.traceback());
        assertEquals(2, e.line());
        assertEquals(List.of("stdout: before\n"), r.events);
        assertEquals("2", run("1 + 1", new Recorder()).value().get("text/plain"), "the session lives on");
    }

    @Test
    void runtimeExitHaltAndExitByMethodReferenceAreRefusedToo() {
        assertEquals("SystemExit", run("Runtime.getRuntime().halt(1);", new Recorder()).error().ename());
        assertEquals("SystemExit", run("Runtime.getRuntime().exit(2);", new Recorder()).error().ename());
        CellError ref = run("java.util.function.IntConsumer quit = System::exit;\nquit.accept(4);", new Recorder()).error();
        assertEquals("SystemExit", ref.ename());
        assertTrue(ref.evalue().startsWith("System.exit(4) was called"), ref.evalue());
        CellError bound = run("java.util.function.IntConsumer stop = Runtime.getRuntime()::halt;\nstop.accept(5);", new Recorder()).error();
        assertTrue(bound.evalue().startsWith("Runtime.halt(5) was called"), bound.evalue());
    }

    /** Issue 12, item 12: the interrupt meant for one cell never stops the next one. */
    @Test
    void anInterruptNeverReachesTheNextCell() throws Exception {
        assertEquals("Interrupted", interruptedAfter("Thread.sleep(60_000);", 0).error().ename());
        CellResult next = run("Thread.sleep(400);\n\"next cell done\"", new Recorder());
        assertTrue(next.isOk(), () -> next.error().summary());
        assertEquals("next cell done", next.value().get("text/plain"));
    }

    /** Library code that neither loops in the cell nor waits is stopped at its next output. */
    @Test
    void aLoopInLibraryCodeStopsAtItsNextOutput() throws Exception {
        CellResult res = interruptedAfter("Collections.nCopies(Integer.MAX_VALUE, \"x\").forEach(System.out::println);", 200);
        assertEquals(SnippetErrors.interrupted(), res.error());
    }

    /** Issue 12, item 6: whatever the cell was doing, an interrupt reads the same. */
    @Test
    void anInterruptReadsTheSameWhateverTheCellWasDoing() throws Exception {
        for (String code : List.of("while (true) {}", "Thread.sleep(60_000);",
                "try { Thread.sleep(60_000); } catch (InterruptedException e) { throw new RuntimeException(\"wrapped\", e); }",
                "new java.util.concurrent.CompletableFuture<String>().get();")) {
            assertEquals(SnippetErrors.interrupted(), interruptedAfter(code, 0).error(), code);
        }
    }

    /** Issue 12, item 13. */
    @Test
    void displayAsTheLastLineShowsItsValueOnlyOnce() {
        Recorder r = new Recorder();
        CellResult res = run("display(\"shown once\")", r);
        assertTrue(res.isOk());
        assertNull(res.value(), "no Out[n] with the display id");
        assertEquals(List.of("display shown once"), r.events);
        assertEquals("\"a string\"".replace("\"", ""), run("\"a string\"", new Recorder()).value().get("text/plain"));
        Recorder printed = new Recorder();
        CellResult printf = run("System.out.printf(\"%d items%n\", 3)", printed);
        assertNull(printf.value(), "printf as the last line shows what it printed, not java.io.PrintStream@1a2b3c");
        assertEquals("3 items\n", printed.events.stream().map(e -> e.substring("stdout: ".length())).collect(Collectors.joining()));
    }

    /** Issue 12, item 6: JShell resets a redefined class's variables silently; the cell says so. */
    @Test
    void redefiningAClassSaysWhichVariablesItReset() {
        run("class Counter14 { int n; }", new Recorder());
        run("Counter14 c14 = new Counter14();\nint plain14 = 5;", new Recorder());
        Recorder r = new Recorder();
        assertTrue(run("class Counter14 { int n; int m; }", r).isOk());
        assertEquals(List.of("stderr: note: redefining Counter14 reset the variable c14 to null (run the cell that sets it again)\n"), r.events);
        assertEquals("5", run("plain14", new Recorder()).value().get("text/plain"), "other variables keep their values");
    }

    /** Issue 12, item 3: a cell shows its first lines and says how many more there were. */
    @Test
    void aCellsOutputIsCappedWithANoteSayingHowMuchMoreThereWas() {
        Recorder r = new Recorder();
        assertTrue(run("for (int i = 0; i < 5_003; i++) System.out.println(i);", r).isOk());
        assertTrue(r.events.stream().allMatch(e -> e.startsWith("stdout: ")), r.events::toString);
        String[] lines = r.events.stream().map(e -> e.substring(8)).collect(Collectors.joining()).split("\n");
        assertEquals(OutputCap.MAX_LINES + 1, lines.length);
        for (int i = 0; i < OutputCap.MAX_LINES; i++) assertEquals(String.valueOf(i), lines[i]);
        assertEquals("… 3 more lines (a cell shows its first 5,000 lines)", lines[OutputCap.MAX_LINES]);
    }

    @Test
    void readingSystemInWhereNobodyCanTypeFailsClearly() {
        CellError e = run("new Scanner(System.in).nextLine()", new Recorder()).error();
        assertEquals("StdinNotAvailable", e.ename());
        assertEquals(List.of("StdinNotAvailable: the cell reads System.in, but this run cannot answer input requests (give the value in the code instead)",
                "    at (this cell, line 1)"), e.traceback());
    }

    @Test
    void aCellReadsTheLinesItIsGiven() {
        CellOutput typing = new CellOutput() {
            int asked;

            @Override
            public void stream(String name, String text) {}

            @Override
            public void display(String id, Map<String, String> bundle, boolean update) {}

            @Override
            public String input(String prompt, boolean password) {
                return "answer " + (++asked) + " é";
            }
        };
        CellResult res = ev.eval("var sc15 = new Scanner(System.in);\nsc15.nextLine() + \" / \" + sc15.nextLine()", typing);
        assertTrue(res.isOk(), () -> res.error().summary());
        assertEquals("answer 1 é / answer 2 é", res.value().get("text/plain"));
    }

    @Test
    void inspectShowsTheLibrarysJavadocAndFindsMethodsByName() {
        assertEquals("String textdive.viz.Display.display(Object value)\nShows value and returns an id that #update can refer to.",
                ev.inspect("display(", 8));
        run("import textdive.learn.*;", new Recorder());
        String constructor = ev.inspect("new Learner(", 12);
        assertTrue(constructor.startsWith("Learner(textdive.data.DataLoaders dls,") && constructor.contains("\nfastai's Learner: data, model, loss"),
                "a constructor without a comment shows its class's: " + constructor);
        String onName = ev.inspect("Math.max", 6);
        assertTrue(onName != null && onName.contains("int Math.max(int a, int b)"), onName);
        assertNull(ev.inspect("   ", 1));
    }

    @Test
    void exceptionMessagesNameCellVariablesAndClassesAsWritten() {
        run("class Thing16 {}", new Recorder());
        CellError npe = run("String s16 = null;\ns16.length()", new Recorder()).error();
        assertEquals("Cannot invoke \"String.length()\" because \"s16\" is null", npe.evalue());
        CellError cce = run("Object o16 = new Thing16();\nString t16 = (String) o16;", new Recorder()).error();
        assertEquals("class Thing16 cannot be cast to class java.lang.String", cce.evalue());
    }

    @Test
    void completenessJudgesTheWholeCell() {
        assertEquals(jdk.jshell.SourceCodeAnalysis.Completeness.COMPLETE, ev.completeness("int a17 = 1;\nint b17 = 2;"));
        assertEquals(jdk.jshell.SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE, ev.completeness("int a17 = 1;\nfor (;;) {"));
    }

    /**
     * A computation inside library code that neither prints, waits nor runs cell code cannot see the
     * interrupt: it is abandoned after a grace period, ends as interrupted, and the next cell runs
     * on a fresh thread (where the JDK can still stop threads; later JDKs say to restart instead).
     */
    @Test
    void aCellStuckInLibraryCodeIsAbandonedAndTheSessionLivesOn() throws Exception {
        assumeTrue(Runtime.version().feature() < 20, "this JDK cannot stop a thread; the kernel tells the user to restart");
        long t0 = System.nanoTime();
        CellResult res = interruptedAfter("long total18 = java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum();", 200);
        double seconds = (System.nanoTime() - t0) / 1e9 - 0.2;
        assertTrue(seconds >= SnippetExecution.ABANDON_MILLIS / 1000.0 - 0.1 && seconds < 10, "ended after " + seconds + " s");
        assertEquals(SnippetErrors.interrupted(), res.error());
        CellResult next = run("Thread.sleep(300);\nThread.currentThread().getName() + \" \" + (6 * 7)", new Recorder());
        assertTrue(next.isOk(), () -> next.error().summary());
        assertEquals("textdive-cell 42", next.value().get("text/plain"));
        long spinning = Thread.getAllStackTraces().keySet().stream()
                .filter(th -> Arrays.stream(th.getStackTrace()).anyMatch(f -> f.getClassName().contains("LongPipeline"))).count();
        assertEquals(0, spinning, "the abandoned thread was stopped");
    }
}
