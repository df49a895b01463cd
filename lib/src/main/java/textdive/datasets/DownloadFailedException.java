package textdive.datasets;

/**
 * A download did not deliver the registered file: no connection, an HTTP error, a stall, or more
 * bytes than registered. One line, without the HTTP client's stack; {@link UntarData} adds what to do.
 */
public class DownloadFailedException extends DatasetException {
    private final String url;
    private final String reason;

    public DownloadFailedException(String url, String reason) {
        super("cannot download " + url + ": " + reason);
        this.url = url;
        this.reason = reason;
    }

    public String url() {
        return url;
    }

    /** What went wrong, e.g. "HTTP 404" or "ConnectException: Connection refused". */
    public String reason() {
        return reason;
    }
}
