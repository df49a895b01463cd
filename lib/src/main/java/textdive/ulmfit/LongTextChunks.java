package textdive.ulmfit;

import java.util.List;
import java.util.Map;
import textdive.data.Batch;
import textdive.learn.Callback;
import textdive.learn.Learner;
import textdive.models.SentenceEncoder;

/**
 * Before each classifier batch: the encoder starts from a zero state (every review is read on its own), and a review
 * longer than the encoder keeps runs its earlier chunks one at a time through {@link SentenceEncoder#prefix}, in the
 * mode the learner is in (dropout while training, as fastai's); the training graph then sees only the kept chunks,
 * padded in front up to {@link SentenceEncoder#graphChunks} so that an epoch needs few graphs.
 */
final class LongTextChunks implements Callback {
    private final SentenceEncoder encoder;

    LongTextChunks(SentenceEncoder encoder) {
        this.encoder = encoder;
    }

    @Override
    public Batch beforeBatch(Learner learn, Batch b) {
        encoder.reset();
        long bs = b.size(), sl = b.length();
        int seqLen = encoder.seqLen();
        long chunks = sl / seqLen;
        long prefix = chunks - encoder.keptChunks();
        if (prefix <= 0) {
            int graph = encoder.graphChunks((int) chunks);
            return b.padLeft((int) (graph - chunks) * seqLen, encoder.padIdx());
        }
        boolean training = learn.model().training();
        var program = learn.program(List.of("sentence-encoder prefix", bs, training), training,
                build -> encoder.prefix(build.ids("x", bs, seqLen)));
        for (long c = 0; c < prefix; c++) program.run(Map.of("x", b.columns(c * seqLen, (c + 1) * seqLen).x()));
        return b.columns(prefix * seqLen, sl);
    }
}
