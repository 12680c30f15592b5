"""French discourse lexicon: connectives, stance and modality markers, reply markers, antonyms.

Everything is matched on folded text (lower case, typographic apostrophes → "'").
Each connective has a function that the relation stage turns into a relation:

- `premise`    the unit it opens is a reason for the previous one ("car", "en effet")
- `conclusion` the unit it opens follows from the previous one ("donc", "en résumé")
- `contrast`   the unit it opens goes against the previous one ("mais", "pourtant")
- `concession` the unit it opens is granted before being countered ("certes", "bien sûr")
- `example`    the unit it opens illustrates the previous one ("par exemple")
"""

from __future__ import annotations

import re

from app.text import lexicon_fold

PREMISE = "premise"
CONCLUSION = "conclusion"
CONTRAST = "contrast"
CONCESSION = "concession"
EXAMPLE = "example"

# Connective → function. Multi-word forms first when matching (longest match wins).
CONNECTIVES: dict[str, str] = {
    # reasons
    "car": PREMISE,
    "parce que": PREMISE,
    "parce qu'": PREMISE,
    "puisque": PREMISE,
    "puisqu'": PREMISE,
    "en effet": PREMISE,
    "étant donné que": PREMISE,
    "vu que": PREMISE,
    "d'autant que": PREMISE,
    "d'autant plus que": PREMISE,
    "par expérience": PREMISE,
    "la preuve": PREMISE,
    "d'ailleurs": PREMISE,
    "je m'explique": PREMISE,
    "d'abord parce que": PREMISE,
    "surtout parce que": PREMISE,
    "notamment parce que": PREMISE,
    "justement parce que": PREMISE,
    "grâce à": PREMISE,
    "faute de": PREMISE,
    "faute d'": PREMISE,
    # conclusions
    "donc": CONCLUSION,
    "ainsi": CONCLUSION,
    "par conséquent": CONCLUSION,
    "en conséquence": CONCLUSION,
    "c'est pourquoi": CONCLUSION,
    "c'est pour cela que": CONCLUSION,
    "d'où": CONCLUSION,
    "alors": CONCLUSION,
    "en résumé": CONCLUSION,
    "bref": CONCLUSION,
    "finalement": CONCLUSION,
    "au final": CONCLUSION,
    "en somme": CONCLUSION,
    "en conclusion": CONCLUSION,
    "traduction": CONCLUSION,
    "du coup": CONCLUSION,
    "si bien que": CONCLUSION,
    "de sorte que": CONCLUSION,
    # contrast
    "mais": CONTRAST,
    "pourtant": CONTRAST,
    "cependant": CONTRAST,
    "toutefois": CONTRAST,
    "néanmoins": CONTRAST,
    "or": CONTRAST,
    "en revanche": CONTRAST,
    "par contre": CONTRAST,
    "au contraire": CONTRAST,
    "alors que": CONTRAST,
    "alors qu'": CONTRAST,
    "tandis que": CONTRAST,
    "tandis qu'": CONTRAST,
    "sauf que": CONTRAST,
    "sauf qu'": CONTRAST,
    "contrairement à": CONTRAST,
    "quant à": CONTRAST,
    "quant aux": CONTRAST,
    "malgré": CONTRAST,
    # concession
    "certes": CONCESSION,
    "bien sûr": CONCESSION,
    "bien évidemment": CONCESSION,
    "bien évidement": CONCESSION,
    "évidemment": CONCESSION,
    "il est vrai que": CONCESSION,
    "même si": CONCESSION,
    "bien que": CONCESSION,
    "bien qu'": CONCESSION,
    "ceci étant": CONCESSION,
    "cela dit": CONCESSION,
    "oui": CONCESSION,
    # examples
    "par exemple": EXAMPLE,
    "notamment": EXAMPLE,
    "comme le montre": EXAMPLE,
    "citons": EXAMPLE,
    "à l'image de": EXAMPLE,
}

# Connectives that open a new argumentative unit inside a sentence (split points), when the
# clause they open has its own finite verb. "donc", "alors", "ainsi", "or" only split after
# a comma or semicolon: elsewhere they are adverbs inside the clause ("Ils vont donc …").
SPLITTING = {
    "mais",
    "car",
    "pourtant",
    "cependant",
    "toutefois",
    "néanmoins",
    "puisque",
    "puisqu'",
    "alors que",
    "alors qu'",
    "tandis que",
    "tandis qu'",
    "sauf que",
    "sauf qu'",
    "même si",
    "bien que",
    "bien qu'",
    "en revanche",
    "par contre",
    "au contraire",
    "si bien que",
    "de sorte que",
    "c'est pourquoi",
    "d'où",
    "en effet",
}
SPLITTING_AFTER_COMMA = {
    "donc",
    "alors",
    "ainsi",
    "or",
    "parce que",
    "parce qu'",
    "d'abord parce que",
    "surtout parce que",
    "notamment parce que",
    "justement parce que",
    "d'autant que",
    "d'autant plus que",
    "par conséquent",
    "du coup",
}

# First-person stance: the speaker commits to a view.
STANCE = [
    "je pense",
    "je crois",
    "je trouve",
    "je suis persuadé",
    "je suis convaincu",
    "je suis certain",
    "selon moi",
    "à mon sens",
    "à mon avis",
    "à mon humble avis",
    "pour ma part",
    "de mon point de vue",
    "il me semble",
    "je considère",
    "j'estime",
    "je suis surpris",
    "je me demande",
    "je doute",
    "pour moi",
    "personnellement",
    "m'étonnerait",
    "je ne réfute pas",
    "je ne vais pas",
]
# Deontic / epistemic modality and necessity.
MODALITY_LEMMAS = {
    "devoir",
    "falloir",
    "pouvoir",
    "nécessiter",
    "exiger",
    "requérir",
    "risquer",
    "valoir",
    "sembler",
    "paraître",
    "permettre",
    "empêcher",
    "conditionner",
    "obliger",
    "certifier",
    "prouver",
    "montrer",
    "démontrer",
    "mériter",
    "imposer",
}
MODALITY_WORDS = [
    "il faut",
    "il faudrait",
    "mieux vaut",
    "vaut mieux",
    "nécessaire",
    "indispensable",
    "essentiel",
    "obligatoire",
    "impératif",
    "sans doute",
    "probablement",
    "peut-être",
    "peut être",
    "assurément",
    "forcément",
    "sûrement",
    "certainement",
    "jamais",
    "toujours",
    "doit",
    "doivent",
    "devrait",
    "devraient",
    "pourra",
    "pourrait",
    "ne que",
    "n'est pas question",
]
# Evaluative vocabulary (adjective/adverb/noun lemmas).
EVALUATIVE = {
    "bon",
    "mauvais",
    "meilleur",
    "pire",
    "mieux",
    "important",
    "essentiel",
    "crucial",
    "utile",
    "inutile",
    "efficace",
    "inefficace",
    "pertinent",
    "intéressant",
    "difficile",
    "facile",
    "simple",
    "compliqué",
    "évident",
    "désastreux",
    "dévastateur",
    "idéal",
    "formidable",
    "énorme",
    "faible",
    "faiblard",
    "fort",
    "impossible",
    "possible",
    "rentable",
    "coûteux",
    "cher",
    "gratuit",
    "négligeable",
    "sensationnalisme",
    "erreur",
    "tort",
    "raison",
    "intérêt",
    "problème",
    "risque",
    "défi",
    "succès",
    "échec",
    "avantage",
    "inconvénient",
    "excuse",
    "impératif",
    "option",
    "crime",
    "idiot",
    "absurde",
    "sens",
    "mythe",
    "volatil",
    "représentatif",
    "surfait",
    "utopique",
    "précis",
    "vaste",
    "large",
    "lourd",
    "nécessaire",
    "obligatoire",
    "indispensable",
    "idée",
    "reçu",
    "spectre",
    "fameux",
    "docile",
    "beau",
    "joli",
    "excellent",
    "mesurable",
    "incontournable",
    "stratégique",
    "clé",
    "frustration",
    "mort",
    "mourir",
    "aberrant",
    "capital",
    "primordial",
    "sceptique",
    "inexistant",
    "vieillissant",
    "brouillon",
}
# Negation cues (tokens) used for polarity.
NEGATION = {
    "ne",
    "n'",
    "pas",
    "jamais",
    "aucun",
    "aucune",
    "rien",
    "personne",
    "nullement",
    "guère",
    "non",
    "sans",
    "ni",
    "plus",
}
NEGATION_CORE = {"pas", "jamais", "aucun", "aucune", "rien", "nullement", "guère", "non"}

# Antonymous lemma pairs (both directions are checked).
ANTONYMS = [
    ("mourir", "perdurer"),
    ("mort", "vie"),
    ("mourir", "vivre"),
    ("gratuit", "payant"),
    ("gratuit", "coûter"),
    ("rien", "coûter"),
    ("coûter", "gratuit"),
    ("mesurable", "incommensurable"),
    ("facile", "difficile"),
    ("simple", "difficile"),
    ("simple", "compliqué"),
    ("possible", "impossible"),
    ("utile", "inutile"),
    ("efficace", "inefficace"),
    ("interne", "externe"),
    ("internaliser", "sous-traiter"),
    ("internaliser", "externaliser"),
    ("option", "impératif"),
    ("augmenter", "diminuer"),
    ("hausse", "baisse"),
    ("succès", "échec"),
    ("fort", "faible"),
    ("mieux", "pire"),
    ("meilleur", "pire"),
    ("bon", "mauvais"),
    ("présent", "absent"),
    ("présence", "absence"),
    ("actif", "inactif"),
    ("rentable", "coûteux"),
    ("nouveau", "ancien"),
    ("maturité", "immaturité"),
    ("abandonner", "continuer"),
    ("perdurer", "disparaître"),
    ("intérêt", "désintérêt"),
    ("confiance", "méfiance"),
]
ANTONYM_PAIRS = {frozenset(p) for p in ANTONYMS}

# Reply markers in comment threads.
ADDRESS = re.compile(r"@\s*([^\s>@][^>@\n]{0,40}?)\s*>")  # "@ Steph >", "@Frédéric >", "@ mfavez & Steph >"
DISAGREE = [
    "je ne suis pas d'accord",
    "pas d'accord",
    "je ne partage pas",
    "je conteste",
    "c'est faux",
    "faux",
    "je ne crois pas",
    "pas du tout",
    "je ne suis pas en phase",
    "pas en phase",
    "je doute",
    "au contraire",
    "je ne pense pas",
    "absolument pas",
    "non,",
    "je réfute",
    "tu ne peux pas",
    "vous ne pouvez pas",
]
AGREE = [
    "je suis d'accord",
    "je suis plutôt d'accord",
    "je suis plutot d'accord",
    "tout à fait",
    "entièrement d'accord",
    "effectivement",
    "exactement",
    "je partage",
    "bien vu",
    "c'est vrai",
    "oui",
    "d'accord",
    "je confirme",
    "je ne réfute pas",
    "je rejoins",
    "comme vous le dites",
    "comme tu le dis",
    "vous avez raison",
    "tu as raison",
]
PARTIAL = ["ok mais", "oui mais", "d'accord mais", "certes mais", "oui cela", "ok,", "ok "]

# Meta-discourse and narration: the writer talking about the writing, greeting, or telling a story.
META = [
    "cet article",
    "ce blog",
    "je vous propose",
    "je vous parle",
    "laissez moi",
    "laissez-moi",
    "bonjour",
    "merci",
    "cordialement",
    "lire la suite",
    "cliquez",
    "je me lance",
    "m'a été inspiré",
    "voici",
    "pour compléter cette réflexion",
    "je ne vais pas vous faire",
    "si vous lisez",
]
# Conclusion adverbs inside a clause ("Il faut donc préparer l'entreprise"): the clause
# follows from what comes before it, as with a leading "donc".
INNER_CONCLUSION = ["donc", "par conséquent", "en conséquence", "dès lors"]
QUESTION_RHETORICAL = [
    "est-il",
    "est-ce",
    "quel intérêt",
    "à quoi bon",
    "pourquoi",
    "qui peut",
    "comment",
    "que dire",
    "n'est-ce pas",
    "quel est",
]


def _pattern(words) -> re.Pattern:
    ordered = sorted(set(words), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w])")


CONNECTIVE_RE = _pattern(CONNECTIVES)
LEAD_RE = re.compile(r"^[\s\"“”«»'(\[…\.,;:!?-]*(" + CONNECTIVE_RE.pattern + r")")
STANCE_RE = _pattern(STANCE)
MODALITY_RE = _pattern(MODALITY_WORDS)
DISAGREE_RE = _pattern(DISAGREE)
AGREE_RE = _pattern(AGREE)
PARTIAL_RE = re.compile(r"(?<![\w'])(?:ok|oui|d'accord|certes)\b[^.!?]{0,80}?\bmais\b")
META_RE = _pattern(META)
INNER_CONCLUSION_RE = _pattern(INNER_CONCLUSION)
RHETORICAL_RE = _pattern(QUESTION_RHETORICAL)


def lead_connective(text: str) -> str | None:
    """The connective opening `text`, folded (e.g. "parce que"), or None."""
    match = LEAD_RE.match(lexicon_fold(text))
    return re.sub(r"\s+", " ", match.group(1)) if match else None


def connective_function(connective: str | None) -> str | None:
    return CONNECTIVES.get(connective) if connective else None
