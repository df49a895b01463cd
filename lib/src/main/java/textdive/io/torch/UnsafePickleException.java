package textdive.io.torch;

/**
 * A pickle that this library will not load: it names Python code (a global other than PyTorch's tensor and
 * storage rebuilders), or it is not a well-formed pickle. Nothing from it was run or handed out.
 */
public class UnsafePickleException extends IllegalArgumentException {
    public UnsafePickleException(String message) {
        super(message);
    }

    public UnsafePickleException(String message, Throwable cause) {
        super(message, cause);
    }
}
