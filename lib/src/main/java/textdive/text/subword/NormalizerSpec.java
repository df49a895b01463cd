package textdive.text.subword;

import java.util.Map;

/**
 * How text is normalized before segmentation ({@code NormalizerSpec} of the model file). The
 * rules themselves live in {@code precompiledCharsmap}: SentencePiece compiles its named rule sets
 * (nmt_nfkc by default) into that table, so a model file carries its own normalization.
 */
public record NormalizerSpec(String name, byte[] precompiledCharsmap, boolean addDummyPrefix,
                             boolean removeExtraWhitespaces, boolean escapeWhitespaces) {
    static final int NAME = 1, CHARSMAP = 2, ADD_DUMMY_PREFIX = 3, REMOVE_EXTRA_WHITESPACES = 4,
            ESCAPE_WHITESPACES = 5;

    public NormalizerSpec {
        if (precompiledCharsmap == null) precompiledCharsmap = new byte[0];
    }

    /** SentencePiece's default: NFKC plus the NMT rules (control characters dropped, all spaces made ' '). */
    public static NormalizerSpec nmtNfkc() {
        return new NormalizerSpec("nmt_nfkc", NmtNfkc.charsmap(), true, true, true);
    }

    /** No character mapping, only the whitespace handling. */
    public static NormalizerSpec identity() {
        return new NormalizerSpec("identity", new byte[0], true, true, true);
    }

    /** The wire type of each field {@link #from} reads. */
    private static final Map<Integer, Integer> WIRE_TYPES = ProtoFields.wireTypes(
            new int[]{ADD_DUMMY_PREFIX, REMOVE_EXTRA_WHITESPACES, ESCAPE_WHITESPACES}, new int[0], new int[]{NAME, CHARSMAP});

    /** A spec read from a model file; a field of the wrong wire type is refused. */
    static NormalizerSpec from(ProtoFields f) {
        f.requireWireTypes("the normalizer spec's", WIRE_TYPES);
        byte[] map = f.bytes(CHARSMAP);
        return new NormalizerSpec(f.string(NAME, ""), map, f.bool(ADD_DUMMY_PREFIX, true),
                f.bool(REMOVE_EXTRA_WHITESPACES, true), f.bool(ESCAPE_WHITESPACES, true));
    }

    ProtoFields toFields() {
        ProtoFields f = new ProtoFields();
        f.setString(NAME, name);
        if (precompiledCharsmap.length > 0) f.setBytes(CHARSMAP, precompiledCharsmap);
        f.setBool(ADD_DUMMY_PREFIX, addDummyPrefix);
        f.setBool(REMOVE_EXTRA_WHITESPACES, removeExtraWhitespaces);
        f.setBool(ESCAPE_WHITESPACES, escapeWhitespaces);
        return f;
    }
}
