"""Writes lib/src/test/resources/textdive/text/spacy_en_tokens.json: a few dozen review-like sentences (written for
this fixture, not taken from a corpus) with the tokens of spaCy's English tokenizer as fastai builds it
(spacy.blank("en") plus fastai's special tokens as special cases). WordTokenizerTest reads it; the test suite itself
never needs spaCy.

  python3 -m venv /tmp/venv-spacy && /tmp/venv-spacy/bin/pip install 'spacy>=3.8,<3.9'
  /tmp/venv-spacy/bin/python scripts/make_spacy_fixtures.py

WordTokenizer follows spaCy 2, the version the fastai book ran. Where spaCy 3 tokenizes differently, the case also
carries the spaCy 2 tokens (written here by hand, with the reason); the test expects those, and this script checks
that spaCy 3 does differ, so that a note cannot outlive the difference it explains.
"""
import json
import os

import spacy
from spacy.symbols import ORTH

OUT = os.path.join(os.path.dirname(__file__), '..', 'lib', 'src', 'test', 'resources', 'textdive', 'text',
                   'spacy_en_tokens.json')
SPECIAL_TOKENS = ['xxunk', 'xxpad', 'xxbos', 'xxeos', 'xxfld', 'xxrep', 'xxwrep', 'xxup', 'xxmaj']

SENTENCES = [
    "I didn't expect much, but this film won't let go of you.",
    "She's the best thing in it; he's merely OK.",
    "We'd have left if they'd let us... but we stayed.",
    "You're gonna love it, or you gotta be kidding me!",
    "Honestly?! I cannot believe it's rated 8/10.",
    "The U.S. release (in Dec. 1999) cut twenty minutes.",
    "Dr. Jones vs. Mr. Smith: e.g. the best duel ever.",
    "It cost $15.50 and ran 2hrs; I paid £8 in the U.K.",
    "The 3D effects at 9pm were awful -- really awful.",
    "A well-known, long-forgotten B-movie from the '70s.",
    "Check www.example.com/reviews or mail fan@example.org.",
    "Read more at http://www.example.com/film?id=42.",
    "Search http://www.example.com/find?q= for more.",
    "\"Why?\" she asks. 'Because,' he says.",
    "What a waste of time!!! Avoid it at all costs!!!",
    "I give it 4 stars :) but my brother hated it :(",
    "Five words: \"don't\", \"can't\", \"won't\", \"shan't\", \"ain't\".",
    "Its plot is thin; it's the acting that's good.",
    "Y'all should see it, ma'am, it's o'clock time.",
    "The temperature hit 40°C. Everyone melted.",
    "Preheat to 350 °F. Then wait.",
    "Rated PG-13 for violence, language & brief nudity.",
    "I'd give it 7.5/10 -- maybe 8 on a good day.",
    "Part 2 (2004) is better than part 1(2001).",
    "Wow...just wow. Speechless.",
    "He doesn’t care and I’m not sure you’re right.",
    "They’ll say it’s fine, but we’ve seen better.",
    "Rock'n'roll never dies, nor does rock-n-roll.",
    "Grade: B+. Worth it? Yes/no/maybe.",
    "My rating: 3/10 <br /><br />Skip it.",
    "Co-starring J.R.R. Tolkien fans & Ph.D. students.",
    "10km of road and 5kg of explosives at 120mph.",
    "\"Jaws\" (1975) - a masterpiece; \"Jaws 2\" - not so much.",
    "The twist (don't read this!) is that he's dead.",
    "Sooo goooood. Loved it <3",
    "xxbos xxmaj the xxup end xxrep 3 !",
]

# spaCy 3 matches special cases that contain punctuation wherever the affix rules leave their pieces side by side
# (explosion/spaCy#4259, #7694); spaCy 2 only recognised one as a whole piece or after peeling affixes.
MATCHER = 'spaCy 3 finds the special case inside the piece; spaCy 2 does not'
HYPHEN = ("spaCy 2 cuts a hyphen only between letters; spaCy 3 also after a digit (explosion/spaCy#5770), as fastai's "
          "recorded IMDB_SAMPLE batches show (20-odd whole)")
SPACY2 = {
    "It's 100% worth the 90-minute runtime.":
        (['It', "'s", '100', '%', 'worth', 'the', '90-minute', 'runtime', '.'], HYPHEN),
    "The DVD's extras include a 30-min. documentary.":
        (['The', 'DVD', "'s", 'extras', 'include', 'a', '30-min', '.', 'documentary', '.'], HYPHEN),
    "The soundtrack (by Hans Zimmer) is great:)":
        (['The', 'soundtrack', '(', 'by', 'Hans', 'Zimmer', ')', 'is', 'great', ':', ')'], MATCHER),
    "He said ''Hello'' and left.":
        (['He', 'said', "'", "'", 'Hello', "'", "'", 'and', 'left', '.'], MATCHER),
    "Mr.Bean fans will love Dr.Who-style gags.":
        (['Mr', '.', 'Bean', 'fans', 'will', 'love', 'Dr', '.', 'Who', '-', 'style', 'gags', '.'], MATCHER),
    "The director's cut runs 3h 10m; the original 2h 45m.":
        (['The', 'director', "'s", 'cut', 'runs', '3h', '10', 'm', ';', 'the', 'original', '2h', '45', 'm', '.'],
         MATCHER),
    "This is the worst movie ever made (seriously):":
        (['This', 'is', 'the', 'worst', 'movie', 'ever', 'made', '(', 'seriously', ')', ':'], MATCHER),
    "It closes on a title card (\"The End ...\")":
        (['It', 'closes', 'on', 'a', 'title', 'card', '(', '"', 'The', 'End', '...', '")'],
         'spaCy 2 has the emoticon \'")\' among its exceptions; spaCy 3 dropped it (explosion/spaCy#4259)'),
}


def main():
    nlp = spacy.blank('en')
    for t in SPECIAL_TOKENS:
        nlp.tokenizer.add_special_case(t, [{ORTH: t}])
    cases = []
    for text in SENTENCES + list(SPACY2):
        assert '\t' not in text and '\n' not in text, text
        case = {'text': text, 'spacy3': [t.text for t in nlp(text)]}
        if text in SPACY2:
            tokens, why = SPACY2[text]
            assert tokens != case['spacy3'], f'spaCy {spacy.__version__} now agrees with spaCy 2 on {text!r}'
            assert ''.join(tokens) == text.replace(' ', ''), f'the spaCy 2 tokens do not spell {text!r}'
            case['spacy2'], case['why'] = tokens, why
        cases.append(case)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    head = json.dumps({'generator': 'scripts/make_spacy_fixtures.py', 'spacy': spacy.__version__})[:-1]
    body = ',\n'.join(json.dumps(c, ensure_ascii=False) for c in cases)  # one case a line: diffs stay readable
    with open(OUT, 'w', encoding='utf-8') as f:
        f.write(f'{head}, "cases": [\n{body}\n]}}\n')
    print(f'{len(cases)} cases ({len(SPACY2)} with spaCy 2 tokens) -> {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
