"""spaCy's tokens for `./textdive bench spacy-parity` (textdive.bench.SpacyParity), the reference our WordTokenizer is held to.

    python3 scripts/spacy_tokens.py --version        prints spaCy's version (fails as below without spaCy)
    python3 scripts/spacy_tokens.py IN.jsonl OUT.jsonl

IN has one document per line, a JSON string; OUT gets one line per document, the JSON list of its tokens; the last
line printed is a JSON summary (spaCy's version, documents, seconds). The tokenizer is the one fastai's SpacyTokenizer
builds: spacy.blank("en") with fastai's special tokens (xxunk ... xxmaj) added as special cases. The script only
tokenizes: the Java side sends each document twice, as it is ("word" mode) and after fastai's rules as textdive
implements them (textdive.text.Rules), so in the "with rules" comparison the rules are ours and the tokenizer spaCy's.
"""
import json
import sys
import time

SPECIAL_TOKENS = ["xxunk", "xxpad", "xxbos", "xxeos", "xxfld", "xxrep", "xxwrep", "xxup", "xxmaj"]
INSTALL = ("python3 -m venv /tmp/venv-spacy && /tmp/venv-spacy/bin/pip install 'spacy>=3.8,<3.9'\n"
           "then: ./textdive bench spacy-parity --python /tmp/venv-spacy/bin/python")


def load_spacy():
    try:
        import spacy
        from spacy.symbols import ORTH
    except ImportError as e:
        sys.exit(f"spacy_tokens.py: {sys.executable} (Python {sys.version.split()[0]}) cannot import spaCy ({e}).\n"
                 f"Install it in a virtual environment:\n  {INSTALL}")
    nlp = spacy.blank("en")
    for t in SPECIAL_TOKENS:
        nlp.tokenizer.add_special_case(t, [{ORTH: t}])
    return spacy.__version__, nlp


def main(argv):
    if argv == ["--version"]:
        print(load_spacy()[0])
        return
    if len(argv) != 2:
        sys.exit(__doc__)
    version, nlp = load_spacy()
    with open(argv[0], encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    t0 = time.time()
    with open(argv[1], "w", encoding="utf-8") as out:
        for doc in nlp.tokenizer.pipe(docs, batch_size=1000):
            # ASCII JSON: no line separator inside a line, whatever the text holds
            out.write(json.dumps([t.text for t in doc], ensure_ascii=True) + "\n")
    print(json.dumps({"spacy": version, "python": sys.executable, "documents": len(docs),
                      "seconds": round(time.time() - t0, 3)}))


if __name__ == "__main__":
    main(sys.argv[1:])
