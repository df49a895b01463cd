package textdive.course;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The course regression suite: one test per notebook (notebooks/), solution (solutions/) and
 * exercise (exercises/), each run in a fresh JShell session in this JVM. See {@link NotebookVerifier}.
 */
class CourseNotebooksTest {
    private final Path root = CourseRoot.get();
    private final NotebookVerifier verifier = new NotebookVerifier(root);

    @TestFactory
    List<DynamicTest> notebooksSolutionsAndExercises() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String dir : List.of("notebooks", "solutions")) {
            for (Path nb : NotebookVerifier.notebooksIn(root.resolve(dir))) {
                tests.add(DynamicTest.dynamicTest(dir + "/" + nb.getFileName(), nb.toUri(),
                        () -> report(verifier.verifyNotebook(nb))));
            }
        }
        for (Path ex : NotebookVerifier.notebooksIn(root.resolve("exercises"))) {
            Path solution = root.resolve("solutions").resolve(ex.getFileName());
            tests.add(DynamicTest.dynamicTest("exercises/" + ex.getFileName() + " (every check fails unsolved)", ex.toUri(),
                    () -> report(verifier.verifyExercise(ex, solution))));
        }
        return tests;
    }

    static void report(List<String> problems) {
        if (!problems.isEmpty()) fail(String.join("\n\n", problems));
    }
}
