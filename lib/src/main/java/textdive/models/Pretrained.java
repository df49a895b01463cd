package textdive.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import textdive.datasets.URLs;
import textdive.datasets.UntarData;
import textdive.io.CorruptFileException;
import textdive.io.torch.TorchFiles;
import textdive.io.torch.TorchTensor;

/**
 * A pretrained AWD-LSTM language model: its weights under fastai's names, the vocab they were trained with, its
 * sizes, the direction of its text and where it came from. ULMFiT's stage 1. fastai's own WikiText-103 models
 * ({@link #fastai}) and the ones this course trains ({@code textdive.ulmfit.Pretrain}) are used the same way:
 * {@code languageModelLearner(...).pretrained(p)} maps its vocab onto the data's ({@link FastaiWeights#matchEmbeds}).
 * The weights must be exactly the AWD-LSTM the config and vocab describe, and nothing else
 * ({@link FastaiWeights#checkStateDict}): a file that is not is refused when it is read, not when a model is built.
 */
public record Pretrained(Map<String, TorchTensor> weights, List<String> vocab, AwdLstm.Config config, boolean backwards, String provenance) {
    public Pretrained {
        weights = Map.copyOf(new LinkedHashMap<>(weights));
        vocab = List.copyOf(vocab);
        if (!weights.containsKey("0.encoder.weight") || weights.get("0.encoder.weight").shape().length != 2) {
            throw new IllegalArgumentException("pretrained weights without a 2-d 0.encoder.weight (" + provenance + ")");
        }
        if (config == null) throw new IllegalArgumentException(provenance + ": pretrained weights without a config");
        FastaiWeights.checkStateDict(weights, vocab.size(), config, String.valueOf(provenance));
    }

    /**
     * fastai's files: the weights ({@code .pth}, either torch.save format) and the vocab ({@code itos_*.pkl}, a pickled
     * list of strings). Both are read by a restricted unpickler: a file that names Python code is refused. The sizes are
     * read off the weights; the dropouts are fastai's {@code awd_lstm_lm_config}'s.
     */
    public static Pretrained fastai(Path pth, Path itos, boolean backwards) throws IOException {
        Map<String, TorchTensor> sd = TorchFiles.stateDict(pth);
        Object v = TorchFiles.loadPickle(itos);
        if (!(v instanceof List<?> l) || l.stream().anyMatch(o -> !(o instanceof String))) {
            throw new IllegalArgumentException(itos + " is not a vocab (a pickled list of strings)");
        }
        List<String> vocab = new ArrayList<>();
        for (Object o : l) vocab.add((String) o);
        return new Pretrained(sd, vocab, configOf(sd, pth.toString()), backwards, "fastai " + pth.getFileName() + " + " + itos.getFileName());
    }

    /**
     * fastai's WikiText-103 model ({@code URLs.WT103_FWD} or {@code WT103_BWD}), downloaded into the dataset cache the
     * first time (about 100 MB; needs the network: it is not in the offline mirror).
     */
    public static Pretrained wt103(boolean backwards) throws IOException {
        return fastaiFolder(UntarData.untarData(backwards ? URLs.WT103_BWD : URLs.WT103_FWD), backwards);
    }

    /** fastai's folder layout ({@code untar_data(URLs.WT103_FWD)}): the one {@code .pth} and the one {@code .pkl} in it. */
    public static Pretrained fastaiFolder(Path folder, boolean backwards) throws IOException {
        return fastai(single(folder, ".pth"), single(folder, ".pkl"), backwards);
    }

    private static Path single(Path folder, String ext) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(ext)).sorted().toList();
            if (found.size() != 1) throw new IllegalArgumentException(folder + " should hold one " + ext + " file, it holds " + found.size() + ": " + found);
            return found.get(0);
        }
    }

    /**
     * Refuses to start a model of other sizes, or one that reads text the other way, from these weights: the sizes would
     * fail later on a tensor shape, the direction would not fail at all and quietly give a poor model.
     */
    public void requireFits(AwdLstm.Config cfg, boolean backwardsData) {
        if (config.embSz() != cfg.embSz() || config.nHid() != cfg.nHid() || config.nLayers() != cfg.nLayers()) {
            throw new IllegalArgumentException("the pretrained model (" + this + ") has emb " + config.embSz() + ", hidden " + config.nHid() + ", "
                    + config.nLayers() + " layers, the config asks for " + cfg.embSz() + ", " + cfg.nHid() + ", " + cfg.nLayers());
        }
        if (backwards != backwardsData) {
            throw new IllegalArgumentException("the pretrained model reads text " + (backwards ? "backwards" : "forwards") + " but the DataLoaders are "
                    + (backwardsData ? "backwards" : "forwards") + ": use the matching model (WT103_BWD for backwards text)");
        }
    }

    /** Writes this model (weights, vocab, config, direction, provenance) as a checksummed {@link WeightsFile}. */
    public void save(Path file) throws IOException {
        new WeightsFile(weights, vocab, config, backwards, provenance).save(file);
    }

    /** Reads a model written by {@link #save}. */
    public static Pretrained load(Path file) throws IOException {
        WeightsFile w = WeightsFile.load(file);
        try {
            return new Pretrained(w.weights(), w.vocab(), w.config(), w.backwards(), w.provenance());
        } catch (IllegalArgumentException e) { // every byte checked out, so the file was written inconsistent or crafted
            throw new CorruptFileException(file, e.getMessage());
        }
    }

    /** The sizes of an AWD-LSTM from its weights' shapes, with fastai's language-model dropouts. */
    static AwdLstm.Config configOf(Map<String, TorchTensor> sd, String source) {
        TorchTensor enc = sd.get("0.encoder.weight");
        if (enc == null || enc.shape().length != 2) throw new IllegalArgumentException(source + " is not a fastai AWD-LSTM language model (no 2-d 0.encoder.weight)");
        int layers = 0;
        while (sd.containsKey("0.rnns." + layers + ".module.weight_ih_l0")) layers++;
        if (layers == 0) throw new IllegalArgumentException(source + " is not a fastai AWD-LSTM language model (no 0.rnns.0.module.weight_ih_l0)");
        int emb = (int) enc.shape()[1];
        long[] ih = sd.get("0.rnns.0.module.weight_ih_l0").shape();
        if (ih.length != 2) throw new IllegalArgumentException(source + " is not a fastai AWD-LSTM language model (0.rnns.0.module.weight_ih_l0 is not 2-d)");
        int nHid = layers == 1 ? emb : (int) ih[0] / 4;
        AwdLstm.Config lm = AwdLstm.Config.LM;
        return new AwdLstm.Config(emb, nHid, layers, lm.padToken(), lm.outputP(), lm.hiddenP(), lm.inputP(), lm.embedP(), lm.weightP(),
                true, sd.containsKey("1.decoder.bias"));
    }

    @Override
    public String toString() {
        return "Pretrained(" + (backwards ? "backwards, " : "") + "vocab " + vocab.size() + ", emb " + config.embSz() + ", hidden " + config.nHid() + ", "
                + config.nLayers() + " layers; " + provenance + ")";
    }
}
