package textdive.kernel.jupyter;

/** A message that was received but cannot be trusted or read: it is logged and dropped. */
final class BadMessage extends Exception {
    BadMessage(String why) {
        super(why);
    }

    BadMessage(String why, Throwable cause) {
        super(why, cause);
    }
}
