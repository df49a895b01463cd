package textdive.datasets;

/**
 * An archive entry would land outside the destination folder (absolute path, {@code ..}, or a link
 * pointing out) or is of a kind a dataset never needs (devices, FIFOs). Nothing is written for it.
 */
public class UnsafeArchiveException extends DatasetException {
    public UnsafeArchiveException(String message) {
        super(message);
    }
}
