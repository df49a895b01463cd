package textdive.text.subword;

/**
 * Splits a normalized string into vocabulary pieces: unigram Viterbi or BPE merges.
 * The result is a flat array of (start, end, id) triples in string order; id may be the
 * unknown id for characters outside the vocabulary.
 */
interface Segmenter {
    int[] segment(String normalized);
}
