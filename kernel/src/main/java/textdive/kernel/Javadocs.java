package textdive.kernel;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Javadoc for what JShell's inspection finds. JShell reads the JDK's own {@code src.zip}; for the
 * textdive library, whose sources travel inside its jar, the comment is read here from the source
 * file (parsed with the JDK's compiler, never compiled). Comments are shown as plain text:
 * {@code {@code x}} reads {@code x}, HTML is dropped, paragraphs stay.
 */
final class Javadocs {
    private Javadocs() {}

    /** Where a jar keeps its sources (the textdive library's pom puts them there). */
    static final String SOURCES = "META-INF/sources/";

    private static final Pattern GENERICS = Pattern.compile("<[^<>]*>");
    private static final Pattern INLINE_TAG = Pattern.compile("\\{@(?:code|literal|link|linkplain|value)\\s+([^{}]*)}");
    private static final Pattern HTML = Pattern.compile("</?[a-zA-Z][^>]*>");

    /** Where JShell's signature points: a type, or a member of a type. */
    record Target(String type, String member, List<String> parameterNames) {}

    /**
     * Parses a JShell signature such as {@code void textdive.viz.Display.display(Object value)},
     * {@code Learner(textdive.data.DataLoaders dls, ...)} or {@code textdive.learn.Learner}.
     * {@code resolve} qualifies a simple type name, or returns null.
     */
    static Target target(String signature, Function<String, String> resolve) {
        int paren = signature.indexOf('(');
        String head = paren < 0 ? signature : signature.substring(0, paren);
        String s = head;
        for (String prev = null; !s.equals(prev); ) {
            prev = s;
            s = GENERICS.matcher(s).replaceAll("");
        }
        String name = s.substring(s.lastIndexOf(' ') + 1);
        List<String> params = paren < 0 ? null : parameterNames(signature.substring(paren + 1, signature.lastIndexOf(')')));
        String type;
        String member;
        if (paren < 0) {
            type = name;
            member = null;
        } else if (name.indexOf('.') < 0 || Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1))) {
            type = name; // a constructor: Learner(...) or textdive.learn.Learner(...)
            member = "<init>";
        } else {
            type = name.substring(0, name.lastIndexOf('.'));
            member = name.substring(name.lastIndexOf('.') + 1);
        }
        if (!type.contains(".") || Character.isUpperCase(type.charAt(0))) {
            String q = resolve.apply(type);
            if (q == null) return null;
            type = q;
        }
        return new Target(type, member, params);
    }

    private static List<String> parameterNames(String list) {
        List<String> names = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : (list + ",").toCharArray()) {
            if (c == '<') depth++;
            if (c == '>') depth--;
            if (c == ',' && depth == 0) {
                String p = cur.toString().strip();
                if (!p.isEmpty()) names.add(p.substring(p.lastIndexOf(' ') + 1));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        return names;
    }

    /**
     * The doc comment of {@code target} from its source on the class path, or null; for a
     * constructor without one, its class's (what {@code new Learner(} shows).
     */
    static String fromSources(Target target, ClassLoader loader) {
        String doc = memberDoc(target, loader);
        if (doc == null && "<init>".equals(target.member())) doc = memberDoc(new Target(target.type(), null, null), loader);
        return doc;
    }

    private static String memberDoc(Target target, ClassLoader loader) {
        String outer = target.type();
        InputStream in = loader.getResourceAsStream(SOURCES + outer.replace('.', '/') + ".java");
        // a nested type lives in its outer type's file: textdive.viz.Display.Sink -> textdive/viz/Display.java
        while (in == null && outer.lastIndexOf('.') > 0) {
            outer = outer.substring(0, outer.lastIndexOf('.'));
            if (Character.isLowerCase(outer.charAt(outer.lastIndexOf('.') + 1))) return null;
            in = loader.getResourceAsStream(SOURCES + outer.replace('.', '/') + ".java");
        }
        if (in == null) return null;
        String source;
        try (InputStream s = in) {
            source = new String(s.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        return find(source, target);
    }

    private static String find(String source, Target target) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) return null;
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Source.java"), SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> {}, List.of("-proc:none"), null, List.of(file));
        Trees trees = Trees.instance(task);
        String simpleType = target.type().substring(target.type().lastIndexOf('.') + 1);
        String[] found = new String[1];
        try {
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree c, Void v) {
                        if (found[0] == null && c.getSimpleName().contentEquals(simpleType) && target.member() == null) {
                            found[0] = trees.getDocComment(getCurrentPath());
                        }
                        return super.visitClass(c, v);
                    }

                    @Override
                    public Void visitMethod(MethodTree m, Void v) {
                        Tree owner = getCurrentPath().getParentPath().getLeaf();
                        if (found[0] == null && target.member() != null && owner instanceof ClassTree c
                                && c.getSimpleName().contentEquals(simpleType)
                                && m.getName().contentEquals(target.member()) && sameParameters(m, target.parameterNames())) {
                            found[0] = trees.getDocComment(getCurrentPath());
                        }
                        return super.visitMethod(m, v);
                    }

                    @Override
                    public Void visitVariable(VariableTree f, Void v) {
                        TreePath parent = getCurrentPath().getParentPath();
                        if (found[0] == null && target.member() != null && target.parameterNames() == null
                                && parent.getLeaf() instanceof ClassTree c && c.getSimpleName().contentEquals(simpleType)
                                && f.getName().contentEquals(target.member())) {
                            found[0] = trees.getDocComment(getCurrentPath());
                        }
                        return super.visitVariable(f, v);
                    }
                }.scan(unit, null);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return found[0];
    }

    private static boolean sameParameters(MethodTree m, List<String> names) {
        if (names == null || m.getParameters().size() != names.size()) return false;
        for (int i = 0; i < names.size(); i++) {
            if (!m.getParameters().get(i).getName().contentEquals(names.get(i))) return false;
        }
        return true;
    }

    /** A Javadoc comment as plain text: inline tags unwrapped, HTML dropped, paragraphs kept. */
    static String plain(String javadoc) {
        String s = javadoc.replaceAll("(?i)<p>|</p>|<br>", "\n");
        s = s.replaceAll("(?i)<li>", "\n - ");
        Matcher m = INLINE_TAG.matcher(s);
        s = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1).strip()));
        s = HTML.matcher(s).replaceAll("");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        StringBuilder out = new StringBuilder();
        boolean newParagraph = false;
        for (String line : s.strip().split("\n")) {
            String l = line.strip();
            if (l.isEmpty()) {
                newParagraph = out.length() > 0;
                continue;
            }
            if (out.length() > 0) out.append(newParagraph ? "\n\n" : l.startsWith("@") || l.startsWith("- ") ? "\n" : " ");
            out.append(l);
            newParagraph = false;
        }
        return out.toString();
    }
}
