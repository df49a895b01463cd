package textdive.text.subword;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Finds the longest user-defined symbol at a position, so such symbols pass through unchanged and unsplit. */
final class PrefixMatcher {
    private static final class Node {
        final Map<Byte, Node> next = new HashMap<>();
        boolean end;
    }

    private final Node root = new Node();
    private final boolean empty;

    PrefixMatcher(Collection<String> symbols) {
        for (String s : symbols) {
            Node n = root;
            for (byte b : s.getBytes(StandardCharsets.UTF_8)) n = n.next.computeIfAbsent(b, k -> new Node());
            n.end = true;
        }
        empty = symbols.isEmpty();
    }

    /** Byte length of the longest symbol starting at {@code pos}, or 0. */
    int match(byte[] s, int pos, int n) {
        if (empty) return 0;
        Node node = root;
        int best = 0;
        for (int i = pos; i < n; i++) {
            node = node.next.get(s[i]);
            if (node == null) break;
            if (node.end) best = i - pos + 1;
        }
        return best;
    }

    boolean isEmpty() {
        return empty;
    }
}
