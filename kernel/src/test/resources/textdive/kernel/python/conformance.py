"""The Jupyter kernel test suite (Debian's python3-jupyter-kernel-test) against textdive-java.
Every test must pass; the two this kernel skips say why (SKIPS)."""
import unittest

import jupyter_kernel_test as jkt

from kernel_client import report

# Tests that need a feature this kernel does not have, with the reason.
SKIPS = {
    "test_pager": "the kernel has no pager: documentation is shown by inspect (Shift+Tab), which test_inspect covers",
    "test_clear_output": "the kernel has no clear_output: progress bars and live tables replace their display in place"
                         " (update_display_data), which KernelProtocolTest covers",
}


class TextdiveJavaKernelTests(jkt.KernelTests):
    kernel_name = "textdive-java"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    completion_samples = [
        {"text": "System.currentTimeMil", "matches": {"currentTimeMillis()"}},
        {"text": "var sb = new StringBuilder(); sb.reve", "matches": {"reverse()"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "int y = 2;\nfor (int i = 0; i < 3; i++) { y++; }", "class A {}"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int z = 1;\nint w = (1 +", "class B {"]
    invalid_code_samples = ["int v = 1;\n]]"]
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [{"code": "6 * 7", "result": "42"}, {"code": '"a" + 1', "result": "a1"}]
    code_display_data = [{"code": 'display(textdive.viz.Display.bundle("text/html", "<b>x</b>", "x"));', "mime": "text/html"}]
    code_history_pattern = "6 ?*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "System.out.println"

    def test_pager(self):
        raise unittest.SkipTest(SKIPS["test_pager"])

    def test_clear_output(self):
        raise unittest.SkipTest(SKIPS["test_clear_output"])


class Recorder(unittest.TextTestResult):
    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.outcomes = {}

    def _name(self, test):
        return test.id().rsplit(".", 1)[-1]

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes.setdefault(self._name(test), "passed")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.outcomes[self._name(test)] = "failed: " + self._exc_info_to_string(err, test)

    def addError(self, test, err):
        super().addError(test, err)
        self.outcomes[self._name(test)] = "error: " + self._exc_info_to_string(err, test)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.outcomes[self._name(test)] = "skipped: " + reason

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            kind = "skipped: " if issubclass(err[0], unittest.SkipTest) else "failed: "
            detail = str(err[1]) if kind == "skipped: " else self._exc_info_to_string(err, test)
            self.outcomes[self._name(test) + " " + subtest._subDescription()] = kind + detail


suite = unittest.defaultTestLoader.loadTestsFromTestCase(TextdiveJavaKernelTests)
result = unittest.TextTestRunner(resultclass=Recorder, verbosity=2).run(suite)
report(result.outcomes)
