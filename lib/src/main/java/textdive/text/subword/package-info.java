/**
 * Subword tokenization compatible with SentencePiece: textdive reads and writes SentencePiece
 * {@code .model} files, segments text exactly as {@code spm_encode} does, and trains models the way
 * {@code spm_train} does.
 *
 * <ul>
 * <li>{@link textdive.text.subword.SubwordTokenizer}: fastai's {@code SubwordTokenizer}, the entry point
 * for notebooks ({@code setup(texts)} trains, {@code tokenize(text)} splits).</li>
 * <li>{@link textdive.text.subword.SentencePieceModel}: a loaded model, i.e. normalize → segment → pieces,
 * and back ({@code decode}).</li>
 * <li>{@link textdive.text.subword.SentencePieceTrainer}: learns a vocabulary (unigram language model or
 * BPE) from texts.</li>
 * <li>{@link textdive.text.subword.ModelProto}, {@link textdive.text.subword.TrainerSpec},
 * {@link textdive.text.subword.NormalizerSpec}: the model file, in protobuf wire format.</li>
 * <li>{@link textdive.text.subword.Normalizer}: SentencePiece's text normalization (nmt_nfkc via the
 * precompiled charsmap stored in the model, whitespace handling, the {@code ▁} marker).</li>
 * </ul>
 */
package textdive.text.subword;
