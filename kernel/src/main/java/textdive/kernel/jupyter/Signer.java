package textdive.kernel.jupyter;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Jupyter's message authentication: the HMAC of header, parent header, metadata and content with
 * the connection file's key, hex-encoded. An empty key means no authentication (as in Jupyter).
 */
final class Signer {
    private final SecretKeySpec key;
    private final String algorithm;

    Signer(String key, String scheme) {
        if (key == null || key.isEmpty()) {
            this.key = null;
            this.algorithm = null;
            return;
        }
        String s = scheme == null ? "hmac-sha256" : scheme.toLowerCase(Locale.ROOT);
        if (!s.startsWith("hmac-")) throw new IllegalArgumentException("unsupported signature scheme " + scheme);
        this.algorithm = "Hmac" + s.substring(5).toUpperCase(Locale.ROOT);
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
        mac(); // fails now, not on the first message, for an unknown algorithm
    }

    private Mac mac() {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalArgumentException("cannot sign messages with " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /** Whether messages are signed (the connection file has a key). */
    boolean signs() {
        return key != null;
    }

    /** The hex signature of the four message parts ("" without a key). */
    String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (key == null) return "";
        Mac mac = mac();
        mac.update(header);
        mac.update(parent);
        mac.update(metadata);
        mac.update(content);
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Whether {@code signature} is right for the parts, compared in constant time. */
    boolean verify(String signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (key == null) return true;
        byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
