package textdive.datasets;

/**
 * The datasets of the course, named as in fastai ({@code URLs.IMDB}); pass one to
 * {@link UntarData#untarData(String)}. Each value is the key of an entry in
 * {@code datasets/registry.json}, which says where the bytes come from and how they are checked.
 */
public final class URLs {
    private URLs() {}

    /** Numbers one … nine thousand nine hundred ninety nine in words: {@code train.txt}, {@code valid.txt}. */
    public static final String HUMAN_NUMBERS = "https://s3.amazonaws.com/fast-ai-sample/human_numbers.tgz";

    /** The full IMDb reviews (100,000) in fastai's layout: {@code train/{pos,neg}}, {@code test/{pos,neg}}, {@code unsup/}. */
    public static final String IMDB = "https://s3.amazonaws.com/fast-ai-nlp/imdb.tgz";

    /** 1,000 IMDb reviews in {@code texts.csv} (label, text, is_valid). */
    public static final String IMDB_SAMPLE = "https://s3.amazonaws.com/fast-ai-sample/imdb_sample.tgz";

    /** 2,911 IMDb reviews in the IMDB layout, for the ULMFiT pipeline at small scale (see {@link ImdbSubset}). */
    public static final String IMDB_SUBSET = "https://s3.amazonaws.com/fast-ai-nlp/imdb.tgz#textdive-subset";

    /** WikiText-2 validation and test splits: {@code valid.txt}, {@code test.txt} (no train split). */
    public static final String WIKITEXT2 =
            "https://raw.githubusercontent.com/pytorch/examples/77f55b912142e11fcfdf5b530231fb9c52f181e8/word_language_model/data/wikitext-2/";

    /** Penn Treebank, Mikolov's LM version: {@code ptb.train.txt}, {@code ptb.valid.txt}, {@code ptb.test.txt}. */
    public static final String PTB =
            "https://raw.githubusercontent.com/timbmg/RNNLM/e26dff5d8f4b5d07ee459f192ee2131923d7584f/data/ptb.zip";

    /** fastai's AWD-LSTM pretrained on WikiText-103, forwards: a {@code .pth} and its vocab {@code itos_wt103.pkl}. */
    public static final String WT103_FWD = "https://s3.amazonaws.com/fast-ai-modelzoo/wt103-fwd.tgz";

    /** The same, trained on reversed text (the backwards model of ULMFiT's ensemble). */
    public static final String WT103_BWD = "https://s3.amazonaws.com/fast-ai-modelzoo/wt103-bwd.tgz";
}
