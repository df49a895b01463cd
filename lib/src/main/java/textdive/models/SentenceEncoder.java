package textdive.models;

import java.util.ArrayList;
import java.util.List;
import textdive.nn.Module;
import textdive.nn.Tensor;

/**
 * fastai's {@code SentenceEncoder} (ULMFiT's "BPT3C", backpropagation through time for text classification): a whole
 * review is read by the language model's encoder in chunks of {@code seqLen} tokens, the state carried from chunk to
 * chunk (detached: no gradient crosses a chunk boundary), and the outputs of the last {@code maxLen} tokens are kept
 * for pooling, with a mask of the padding. The loss reaches every kept chunk's outputs, and from each into that
 * chunk's weights; it does not reach earlier chunks.
 *
 * <p>Graphs have static shapes, so the classifier's batches are padded to whole chunks, and only the kept chunks are
 * in the training graph ({@link #forward}); a longer text's earlier chunks run first, one at a time, through
 * {@link #prefix}, which carries the state on. A batch of fewer chunks is padded before its texts up to
 * {@link #graphChunks} (1, 2, 4, ... up to the kept chunks): a row whose text has not begun keeps its zero state and
 * gives masked zeros, so the padding changes no result, and a full epoch builds at most
 * {@code log2(maxLen / seqLen) + 2} training graphs per batch size and frozen state, plus one for the prefix. Each graph
 * is costly to add (TensorFlow re-reads the whole graph for every new one), so few shapes is what keeps a short run
 * from spending its time building graphs.
 */
public class SentenceEncoder extends Module {
    /** The language model's encoder. */
    public final AwdLstm module;
    private final int seqLen;
    private final int maxLen;
    private final int padIdx;

    public SentenceEncoder(int seqLen, AwdLstm module, int padIdx, int maxLen) {
        if (seqLen < 1 || maxLen < seqLen) throw new IllegalArgumentException("SentenceEncoder needs seqLen >= 1 and maxLen >= seqLen, got " + seqLen + ", " + maxLen);
        this.module = module;
        this.seqLen = seqLen;
        this.maxLen = maxLen;
        this.padIdx = padIdx;
    }

    public int seqLen() {
        return seqLen;
    }

    public int maxLen() {
        return maxLen;
    }

    public int padIdx() {
        return padIdx;
    }

    /** How many chunks at the end of a text keep their outputs (fastai: those with {@code sl - i <= max_len}). */
    public int keptChunks() {
        return maxLen / seqLen;
    }

    /**
     * The number of chunks the graph for a batch of {@code chunks} kept chunks reads: the next power of two, at most
     * {@link #keptChunks()}.
     */
    public int graphChunks(int chunks) {
        if (chunks < 1 || chunks > keptChunks()) throw new IllegalArgumentException(describe() + " keeps 1 to " + keptChunks() + " chunks, got " + chunks);
        int k = 1;
        while (k < chunks) k *= 2;
        return Math.min(k, keptChunks());
    }

    /** Ids (bs, k * seqLen), k <= {@link #keptChunks()} -> tuple(outputs (bs, k * seqLen, embSz), padding mask (bs, k * seqLen), 1 = pad). */
    @Override
    public Tensor forward(Tensor x) {
        checkChunks(x);
        long bs = x.size(0), sl = x.size(1);
        if (sl / seqLen > keptChunks()) {
            throw new IllegalArgumentException(describe() + " keeps the last " + keptChunks() + " chunks; a text of " + sl / seqLen
                    + " chunks must first run its earlier chunks through prefix() (the classifier learner does)");
        }
        AwdLstm.State s = module.carried(bs);
        List<Tensor> outs = new ArrayList<>();
        for (long i = 0; i < sl; i += seqLen) {
            Tensor chunk = x.slice(1, i, i + seqLen);
            AwdLstm.Chunk c = module.encodeChunk(chunk, s, started(chunk));
            outs.add(c.output());
            s = detached(c.state());
        }
        Tensor mask = padMask(x);
        return Tensor.tuple(outs.size() == 1 ? outs.get(0) : Tensor.cat(outs, 1), mask);
    }

    /** One earlier chunk (bs, seqLen) of a long text: runs it from the carried state and carries the new state on. */
    public void prefix(Tensor chunk) {
        checkChunks(chunk);
        if (chunk.size(1) != seqLen) throw new IllegalArgumentException("prefix() takes one chunk of " + seqLen + " tokens, got " + chunk.shapeString());
        AwdLstm.Chunk c = module.encodeChunk(chunk, module.carried(chunk.size(0)), started(chunk));
        module.carry(c.state());
    }

    /** 1 for rows whose text has begun by the chunk's first token (fastai's {@code real_bs}), else 0; shape (bs). */
    private Tensor started(Tensor chunk) {
        Tensor first = chunk.slice(1, 0, 1).view(chunk.size(0));
        return padMask(first).neg().add(1);
    }

    /** 1.0 where {@code ids} is the padding token. */
    Tensor padMask(Tensor ids) {
        return ids.eq(padIdx);
    }

    private static AwdLstm.State detached(AwdLstm.State s) {
        List<Tensor> h = new ArrayList<>(), c = new ArrayList<>();
        for (Tensor t : s.h()) h.add(t.detach());
        for (Tensor t : s.c()) c.add(t.detach());
        return new AwdLstm.State(h, c);
    }

    private void checkChunks(Tensor x) {
        if (x.dim() != 2 || !x.isIntegral()) throw new IllegalArgumentException(describe() + " expects integer token ids (bs, sl), got " + x);
        if (x.size(1) % seqLen != 0) {
            throw new IllegalArgumentException(describe() + " reads whole chunks: the length " + x.size(1) + " is not a multiple of seqLen " + seqLen
                    + " (pad batches to whole chunks, as the classifier DataLoaders do)");
        }
    }

    @Override
    protected String describe() {
        return "SentenceEncoder(seqLen " + seqLen + ", maxLen " + maxLen + ")";
    }
}
