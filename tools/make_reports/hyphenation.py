"""Where a word may break at a line end, as a typesetter's dictionary would say."""

from __future__ import annotations

import zlib

# Words the layout may break at line ends, as a typesetter's dictionary would; anything not here
# breaks between two consonants, and only for some words, so that most lines end whole.
_BREAKS = {
    w.replace("|", ""): tuple(w.split("|"))
    for w in (
        "safe|guard|ing",
        "pro|fes|sion|als",
        "in|for|ma|tion",
        "as|sess|ment",
        "as|sess|ments",
        "prac|ti|tion|ers",
        "re|spon|si|bil|i|ties",
        "com|mu|ni|ca|tion",
        "ap|point|ment",
        "ap|point|ments",
        "re|la|tion|ship",
        "un|der|stand|ing",
        "rec|om|men|da|tions",
        "ar|range|ments",
        "ac|com|mo|da|tion",
        "de|vel|op|ment",
        "de|part|ment",
        "ex|pe|ri|ence",
        "part|ner|ship",
        "or|gan|i|sa|tions",
        "at|ten|dance",
        "su|per|vi|sion",
        "man|age|ment",
        "sig|nif|i|cant",
        "con|sid|ered",
        "com|mu|ni|ty",
        "ex|ploi|ta|tion",
        "en|vi|ron|ment",
        "cir|cum|stances",
        "con|sul|ta|tion",
        "in|de|pend|ent",
        "emer|gen|cy",
        "par|tic|u|lar|ly",
        "op|por|tu|ni|ty",
        "in|ter|ven|tion",
        "im|prove|ments",
        "con|cerns",
        "tem|po|rary",
        "re|fer|ral",
        "re|fer|rals",
        "dis|cus|sion",
        "chro|nol|o|gy",
    )
}
_VOWELS = set("aeiouy")
# Consonant pairs that stay together at a break ("re-flect", not "ref-lect").
_CLUSTERS = frozenset(
    [
        "th",
        "sh",
        "ch",
        "ph",
        "wh",
        "ck",
        "ng",
        "qu",
        "bl",
        "cl",
        "fl",
        "gl",
        "pl",
        "br",
        "cr",
        "dr",
        "fr",
        "gr",
        "pr",
        "tr",
        "ct",
        "st",
        "sp",
    ]
)


def hyphenate(word: str) -> list[tuple[str, str]]:
    """Break points for reportlab's ``hyphenationLang`` hook, longest head first.

    Words with a hyphen of their own ("multi-agency") may break after it, as real layouts do;
    the extractor then has to tell "multi-" + "agency" from "assess-" + "ment".
    """
    if "-" in word:
        parts = word.split("-")
        if any(len(p) < 2 for p in parts):
            return []
        return [
            ("-".join(parts[:i]) + "-", "-".join(parts[i:])) for i in range(len(parts) - 1, 0, -1)
        ]
    if not word.isalpha() or not word.islower():
        return []
    if word in _BREAKS:
        syllables = _BREAKS[word]
        cuts = [len("".join(syllables[:i])) for i in range(1, len(syllables))]
    else:
        if len(word) < 9 or zlib.crc32(word.encode()) % 3:
            return []
        cuts = [
            i
            for i in range(3, len(word) - 2)
            if word[i - 1] not in _VOWELS
            and word[i] not in _VOWELS
            and word[i - 2] in _VOWELS
            and word[i + 1] in _VOWELS
            and word[i - 1 : i + 1] not in _CLUSTERS
        ]
    return [(word[:c], word[c:]) for c in reversed(cuts) if 2 <= c <= len(word) - 3]
