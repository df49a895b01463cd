package textdive.datasets;

/**
 * Getting a dataset failed: it is unavailable offline, a download or a checksum failed, or an
 * archive is unsafe. Unchecked so that notebook cells stay one line: {@code untarData(URLs.IMDB)}.
 */
public class DatasetException extends RuntimeException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
