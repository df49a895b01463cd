package textdive.text;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A text preprocessing rule: string in, string out, run before tokenization. Named so that a
 * rule list prints like the book's ({@code [fixHtml, replaceRep, ...]}).
 */
public interface Rule extends UnaryOperator<String> {

    /** The rule's name as shown when a rule list is printed. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** A rule with a display name, e.g. {@code Rule.of("replaceUrl", s -> ...)}. */
    static Rule of(String name, UnaryOperator<String> f) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(f, "f");
        return new Rule() {
            @Override
            public String apply(String s) {
                return f.apply(s);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
