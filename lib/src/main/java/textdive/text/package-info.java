/**
 * From raw text to tokens and ids, as in the first half of fastbook chapter 10.
 *
 * <p>{@link textdive.text.Rules} (fastai's preprocessing rules, run in order on the raw text) →
 * {@link textdive.text.WordTokenizer} (spaCy's English word splitting; {@code text.subword} holds
 * the subword alternative) → {@link textdive.text.Tokenizer} (rules + tokenizer over strings,
 * files, folders with a disk cache, and table columns) → {@link textdive.text.Numericalize}
 * (the vocab: tokens to ids and back). {@link textdive.text.SpecialTokens} are the markers the
 * rules insert; their order fixes their ids in every vocab.
 */
package textdive.text;
