package textdive.learn;

/** Zeros the model's hidden state at the start of training, of validation and after fitting. */
public class ModelResetter implements Callback {
    @Override
    public void beforeTrain(Learner learn) {
        learn.model().reset();
    }

    @Override
    public void beforeValidate(Learner learn) {
        learn.model().reset();
    }

    @Override
    public void afterFit(Learner learn) {
        learn.model().reset();
    }
}
