package textdive.datasets;

/** A file's size or digest is not the one the registry states: corrupt, truncated or replaced. */
public class ChecksumMismatchException extends DatasetException {
    public ChecksumMismatchException(String message) {
        super(message);
    }
}
