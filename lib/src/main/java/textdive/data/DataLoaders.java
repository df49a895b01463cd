package textdive.data;

import java.util.Objects;

/** A training and a validation {@link DataLoader}, the pair a {@code Learner} fits on. */
public class DataLoaders {
    private final DataLoader train;
    private final DataLoader valid;

    public DataLoaders(DataLoader train, DataLoader valid) {
        this.train = Objects.requireNonNull(train, "train");
        this.valid = Objects.requireNonNull(valid, "valid");
    }

    public DataLoader train() {
        return train;
    }

    public DataLoader valid() {
        return valid;
    }
}
