package textdive.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The options of one textdive command ({@code ./textdive bench ulmfit --splits few,full}), read in order. Every value is
 * checked when it is read, before the command starts work, and a bad one fails with a message that names the command,
 * the option and the value: a typo in {@code --splits} must not cost the hours of training that come before the split
 * is used.
 *
 * <pre>{@code
 * CommandLine cl = new CommandLine("bench ulmfit", "--scale ci|cpu|full, --splits few,sample,subset,full, --reuse", args);
 * while (cl.hasNext()) switch (cl.next()) {
 *     case "--scale" -> scale = cl.value(UlmfitScale::named);
 *     case "--splits" -> splits = cl.choices(List.of("few", "sample", "subset", "full"));
 *     case "--reuse" -> reuse = true;
 *     default -> throw cl.unknown();
 * }
 * }</pre>
 */
public final class CommandLine {
    private final String command;
    private final String usage;
    private final String[] args;
    private int i = -1;
    /** The option being read, without an {@code =value} written into it. */
    private String option;
    /** The value written as {@code --option=value}, until {@link #value()} takes it. */
    private String inline;
    private final Set<String> seen = new HashSet<>();

    /** @param usage the options the command takes, shown with every error */
    public CommandLine(String command, String usage, String... args) {
        this.command = command;
        this.usage = usage;
        this.args = args.clone();
    }

    public boolean hasNext() {
        unusedInline();
        return i + 1 < args.length;
    }

    /**
     * The next option. {@code --option=value} is read as {@code --option value}, as GNU tools do (it used to be an
     * "unknown option" although the option was known). An option given twice is an error: the first value would be
     * dropped without a word ({@code --splits few --splits full} running only full).
     */
    public String next() {
        if (!hasNext()) throw new IllegalStateException("no option left on " + command + "'s command line");
        String arg = args[++i];
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 2) {
            option = arg.substring(0, eq);
            inline = arg.substring(eq + 1);
        } else {
            option = arg;
            inline = null;
        }
        if (option.startsWith("--") && !seen.add(option)) throw error(option + " is given twice");
        return option;
    }

    /** An {@code --option=value} whose option took no value is an error, not a value silently dropped. */
    private void unusedInline() {
        if (inline != null) {
            String v = inline;
            inline = null;
            throw error(option + " takes no value, got '" + v + "'");
        }
    }

    /** The value after the current option (or after its {@code =}). */
    public String value() {
        String v;
        if (inline != null) {
            v = inline.trim();
            inline = null;
        } else {
            if (!hasNext() || args[i + 1].startsWith("--"))
                throw error(option + " needs a value");
            v = args[++i].trim();
        }
        if (v.isEmpty()) throw error(option + " needs a value, got an empty one");
        return v;
    }

    /** The value after the current option as a whole number of at least {@code min}. */
    public int intValue(int min) {
        String v = value();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw error(option + " must be a whole number, not '" + v + "'");
        }
        if (n < min) throw error(option + " must be at least " + min + ", not " + n);
        return n;
    }

    /**
     * The value after the current option, read by {@code parse} (such as {@code UlmfitScale::named}); the parser's
     * {@link IllegalArgumentException} comes back naming the command and the option.
     */
    public <T> T value(Function<String, T> parse) {
        String v = value();
        try {
            return parse.apply(v);
        } catch (IllegalArgumentException e) {
            throw error(option + ": " + e.getMessage());
        }
    }

    /** The value after the current option as a comma-separated list of {@code allowed} names, in the order given, each once. */
    public List<String> choices(List<String> allowed) {
        String v = value();
        Set<String> out = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String part : v.split(",", -1)) {
            String name = part.trim();
            if (!allowed.contains(name)) bad.add("'" + name + "'");
            else if (!out.add(name)) throw error(option + " names " + name + " twice in '" + v + "'");
        }
        if (!bad.isEmpty()) throw error(option + " takes " + String.join(",", allowed) + "; " + String.join(", ", bad) + " in '" + v + "' is not one of them");
        return List.copyOf(out);
    }

    /** The error for an option the command does not take; throw it from the switch's {@code default}. */
    public IllegalArgumentException unknown() {
        return error("unknown option '" + args[i] + "'");
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(command + ": " + what + " (options: " + usage + ")");
    }
}
