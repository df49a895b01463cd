package textdive.datasets;

/** An archive unpacks to more bytes or entries than it may (a zip bomb, or a wrong registry entry); nothing of it is kept. */
public class ArchiveTooLargeException extends DatasetException {
    public ArchiveTooLargeException(String message) {
        super(message);
    }
}
