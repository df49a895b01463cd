package textdive.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Says what went wrong with a file in words. Java's file exceptions often carry only a path as their
 * message ({@code AccessDeniedException: /home/me/.textdive}), which hides "permission denied".
 */
public final class IoErrors {
    private IoErrors() {}

    /** "permission denied: /path", "no such file or folder: /path", ... or the exception's own message. */
    public static String describe(IOException e) {
        String what = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof NoSuchFileException ? "no such file or folder"
                : e instanceof FileAlreadyExistsException ? "already exists"
                : e instanceof NotDirectoryException ? "not a folder"
                : e instanceof DirectoryNotEmptyException ? "folder not empty"
                : null;
        if (e instanceof FileSystemException fse) {
            String path = fse.getFile() + (fse.getOtherFile() != null ? " -> " + fse.getOtherFile() : "");
            String reason = fse.getReason();
            if (what == null) what = reason != null ? reason : e.getClass().getSimpleName();
            else if (reason != null && !reason.isBlank()) what += " (" + reason + ")";
            return what + ": " + path;
        }
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }
}
