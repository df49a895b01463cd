/**
 * From raw text to tokens and ids, as in the first half of fastbook chapter 10.
 *
 * <p>{@link textdive.text.Rules} (fastai's preprocessing rules, run in order on the raw text) →
 * {@link textdive.text.WordTokenizer} (spaCy's English word splitting; {@code text.subword} holds
 * the subword alternative) → {@link textdive.text.Tokenizer} (rules + tokenizer over strings and
 * files), used on whole folders by {@link textdive.text.TokenizeFolder} (parallel, with a checksummed
 * disk cache, {@link textdive.text.CorpusCache}) and on tables by {@link textdive.text.TokenizeCsv}
 * ({@link textdive.text.Csv} reads every cell as a string) → {@link textdive.text.Numericalize}
 * (the vocab: tokens to ids and back). {@link textdive.text.SpecialTokens} are the markers the
 * rules insert; their order fixes their ids in every vocab.
 */
package textdive.text;
