"""A light check that a text is French: the share of its words that are French stop words.

French prose has about 40–50% stop words ("le", "de", "et", "que", …); English or German
prose has almost none of them but many of their own. No model, no download: the stop-word
lists ship with spaCy's language data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
MIN_FRENCH = 0.2  # share of French stop words expected in French prose


@dataclass(frozen=True)
class LanguageGuess:
    words: int
    french: float  # share of French stop words
    english: float  # share of English stop words

    @property
    def is_french(self) -> bool:
        return self.words > 0 and self.french >= MIN_FRENCH and self.french > self.english

    def describe(self) -> str:
        return (
            f"{self.french:.0%} of its {self.words} words are French stop words (French prose has over "
            f"{MIN_FRENCH:.0%}), {self.english:.0%} English ones"
        )


def guess_language(text: str) -> LanguageGuess:
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    words = [w.lower().replace("’", "'") for w in WORD.findall(text)]
    if not words:
        return LanguageGuess(0, 0.0, 0.0)
    # elided forms ("l'usage", "qu'il") count by their first part
    heads = [w.split("'")[0] + "'" if "'" in w else w for w in words]
    fr = sum(1 for w, h in zip(words, heads) if w in FR or h in FR or h.rstrip("'") in FR)
    en = sum(1 for w in words if w in EN)
    return LanguageGuess(len(words), fr / len(words), en / len(words))
