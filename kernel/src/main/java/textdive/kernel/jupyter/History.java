package textdive.kernel.jupyter;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The cells this kernel ran that stored history, for {@code history_request}: {@code tail},
 * {@code range} and {@code search} (glob patterns, as IPython's {@code %history -g}) over the
 * current session. Entries are {@code [session, line, input]} or, with output, {@code [session,
 * line, [input, output]]}.
 */
public final class History {
    /** This kernel keeps one session; requests for session 0 (current) or 1 both mean it. */
    public static final int SESSION = 1;

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();

    public synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    public synchronized JsonArray tail(int n, boolean output) {
        int from = Math.max(0, entries.size() - Math.max(n, 0));
        return json(entries.subList(from, entries.size()), output);
    }

    /** Lines {@code start} (inclusive) to {@code stop} (exclusive) of {@code session}. */
    public synchronized JsonArray range(int session, int start, int stop, boolean output) {
        if (session != 0 && session != SESSION) return new JsonArray();
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) if (e.line() >= start && (stop <= 0 || e.line() < stop)) out.add(e);
        return json(out, output);
    }

    /** The last {@code n} (all when {@code n <= 0}) inputs matching the glob, optionally without repeats. */
    public synchronized JsonArray search(String glob, int n, boolean unique, boolean output) {
        Pattern p = globPattern(glob);
        Map<String, Entry> seen = new LinkedHashMap<>();
        List<Entry> matches = new ArrayList<>();
        for (Entry e : entries) {
            if (!p.matcher(e.input()).matches()) continue;
            if (unique) {
                seen.remove(e.input());
                seen.put(e.input(), e);
            } else {
                matches.add(e);
            }
        }
        if (unique) matches.addAll(seen.values());
        int from = n > 0 ? Math.max(0, matches.size() - n) : 0;
        return json(matches.subList(from, matches.size()), output);
    }

    static Pattern globPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : (glob == null || glob.isEmpty() ? "*" : glob).toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static JsonArray json(List<Entry> list, boolean output) {
        JsonArray out = new JsonArray();
        for (Entry e : list) {
            JsonArray row = new JsonArray();
            row.add(SESSION);
            row.add(e.line());
            if (output) {
                JsonArray io = new JsonArray();
                io.add(e.input());
                if (e.output() == null) io.add(JsonNull.INSTANCE);
                else io.add(e.output());
                row.add(io);
            } else {
                row.add(e.input());
            }
            out.add(row);
        }
        return out;
    }
}
