package textdive.ulmfit;

import textdive.course.Scale;
import textdive.models.AwdLstm;

/**
 * The sizes of the ULMFiT chapters at each {@link Scale}, in one place: the notebooks, the {@code pretrain}
 * command and the benchmarks read them from here, so that what the README reports is what a notebook runs.
 *
 * @param lm        the AWD-LSTM's sizes (dropouts are fastai's)
 * @param lmVocab   the largest language-model vocab (fastai's max_vocab)
 * @param lmBs      language-model batch size
 * @param lmSeqLen  language-model sequence length (BPTT)
 */
public record UlmfitScale(String name, AwdLstm.Config lm, int lmVocab, int lmBs, int lmSeqLen) {
    /** The book's sizes (fastai's defaults: awd_lstm_lm_config, max_vocab 60,000, bs 128, seq 80 for IMDb): for a GPU. */
    public static final UlmfitScale FULL = new UlmfitScale("full", AwdLstm.Config.LM, 60_000, 128, 80);

    /** What a 2-core CPU trains in about an hour a notebook. */
    public static final UlmfitScale CPU = new UlmfitScale("cpu", AwdLstm.Config.LM, 30_000, 32, 64);

    /** The test suite: a tiny model, seconds a chapter. */
    public static final UlmfitScale CI = new UlmfitScale("ci", AwdLstm.Config.LM.withSizes(16, 24, 2), 2_000, 8, 16);

    /** The sizes of the scale this process runs at. */
    public static UlmfitScale current() {
        return Scale.pick(FULL, CPU, CI);
    }
}
