package textdive.models;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import textdive.io.CorruptFileException;
import textdive.io.SectionFile;
import textdive.io.torch.TorchTensor;

/**
 * A model's weights with what is needed to use them again: the vocab their embedding rows index, the AWD-LSTM's
 * sizes and dropouts, the direction of the text and where they came from. A {@link SectionFile} (atomic, durable,
 * every byte checksummed) of kind {@value #KIND}: sections {@code tensor/<fastai name>} (rank, dimensions, float32
 * values), {@code vocab}, {@code config} and {@code about}. Pretrained language models ({@link Pretrained}) and saved
 * encoders ({@code saveEncoder}) are such files. {@link #load} refuses a file whose tensors are not exactly those of the
 * AWD-LSTM its config and vocab describe ({@link FastaiWeights#checkStateDict}: every tensor present with its implied
 * shape, no other tensor), so a crafted file with valid checksums fails there, naming the file and the tensor.
 */
public record WeightsFile(Map<String, TorchTensor> weights, List<String> vocab, AwdLstm.Config config, boolean backwards, String provenance) {
    static final String KIND = "textdive-weights";
    static final int VERSION = 1;
    private static final String TENSOR = "tensor/";
    private static final int MAX_RANK = 8;

    public void save(Path file) throws IOException {
        SectionFile.write(file, KIND, VERSION, w -> {
            for (var e : weights.entrySet()) {
                w.section(TENSOR + e.getKey(), out -> {
                    long[] shape = e.getValue().shape();
                    out.writeInt(shape.length);
                    for (long d : shape) out.writeLong(d);
                    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
                    float[] v = e.getValue().floats();
                    for (int i = 0; i < v.length; ) {
                        int n = Math.min(v.length - i, buf.capacity() / 4);
                        buf.clear();
                        buf.asFloatBuffer().put(v, i, n);
                        out.write(buf.array(), 0, 4 * n);
                        i += n;
                    }
                });
            }
            w.section("vocab", out -> writeVocab(out, vocab));
            w.section("config", out -> writeConfig(out, config));
            w.section("about", out -> {
                out.writeInt(backwards ? 1 : 0);
                SectionFile.writeString(out, provenance);
            });
        });
    }

    public static WeightsFile load(Path file) throws IOException {
        SectionFile.Reader r = SectionFile.open(file, KIND, "weights", VERSION);
        Map<String, TorchTensor> weights = new LinkedHashMap<>();
        for (String s : r.names()) {
            if (!s.startsWith(TENSOR)) continue;
            SectionFile.Input in = r.section(s);
            int rank = in.readCount("rank", 8);
            if (rank > MAX_RANK) throw in.fail("rank " + rank);
            long[] shape = new long[rank];
            long n = 1;
            for (int k = 0; k < rank; k++) {
                shape[k] = in.readLong();
                if (shape[k] < 0 || shape[k] > Integer.MAX_VALUE) throw in.fail("dimension " + shape[k]);
                n *= shape[k];
                if (n > Integer.MAX_VALUE - 8) throw in.fail("shape " + Arrays.toString(shape) + " too large");
            }
            if (n * 4 != in.remaining()) throw in.fail("shape " + Arrays.toString(shape) + " needs " + n * 4 + " bytes, the section has " + in.remaining());
            float[] v = new float[(int) n];
            in.readFloats(v);
            weights.put(s.substring(TENSOR.length()), TorchTensor.of(v, shape));
        }
        List<String> vocab = readVocab(r.section("vocab"));
        AwdLstm.Config config = readConfig(r.section("config"));
        SectionFile.Input about = r.section("about");
        boolean backwards = about.readInt() != 0;
        String provenance = about.readString();
        about.expectEnd();
        // every byte checked out, so tensors that disagree with the config were written inconsistent or crafted
        String problem = FastaiWeights.stateDictProblem(weights, vocab.size(), config);
        if (problem != null) throw new CorruptFileException(file, problem);
        return new WeightsFile(weights, vocab, config, backwards, provenance);
    }

    /** A vocab as a section's bytes: the count, then each token (read back by {@link #readVocab}). */
    public static void writeVocab(DataOutputStream out, List<String> vocab) throws IOException {
        out.writeInt(vocab.size());
        for (String t : vocab) SectionFile.writeString(out, t);
    }

    public static List<String> readVocab(SectionFile.Input in) throws CorruptFileException {
        int n = in.readCount("vocab", 4);
        List<String> vocab = new ArrayList<>(n);
        for (int i = 0; i < n; i++) vocab.add(in.readString());
        in.expectEnd();
        return vocab;
    }

    /** The config as a section's bytes (read back by {@link #readConfig}). */
    public static void writeConfig(DataOutputStream out, AwdLstm.Config c) throws IOException {
        out.writeInt(c.embSz());
        out.writeInt(c.nHid());
        out.writeInt(c.nLayers());
        out.writeInt(c.padToken());
        for (double p : new double[] {c.outputP(), c.hiddenP(), c.inputP(), c.embedP(), c.weightP()}) out.writeLong(Double.doubleToLongBits(p));
        out.writeInt(c.tieWeights() ? 1 : 0);
        out.writeInt(c.outBias() ? 1 : 0);
    }

    public static AwdLstm.Config readConfig(SectionFile.Input in) throws CorruptFileException {
        int emb = in.readInt(), hid = in.readInt(), layers = in.readInt(), pad = in.readInt();
        double[] p = new double[5];
        for (int i = 0; i < 5; i++) p[i] = Double.longBitsToDouble(in.readLong());
        boolean tie = in.readInt() != 0, outBias = in.readInt() != 0;
        in.expectEnd();
        AwdLstm.Config c;
        try {
            c = new AwdLstm.Config(emb, hid, layers, pad, p[0], p[1], p[2], p[3], p[4], tie, outBias);
        } catch (IllegalArgumentException e) {
            throw in.fail("an invalid config: " + e.getMessage());
        }
        String insane = FastaiWeights.insaneSizes(c);
        if (insane != null || pad < -1) throw in.fail("an invalid config: " + (insane != null ? insane : "padToken " + pad));
        return c;
    }
}
