package textdive.io.torch;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The files {@code scripts/make_torch_fixtures.py} wrote with PyTorch (test resources). */
public final class TorchFixtures {
    private TorchFixtures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(TorchFixtures.class.getResource("/textdive/io/torch/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name + " (scripts/make_torch_fixtures.py writes it)", e);
        }
    }
}
