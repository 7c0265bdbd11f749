"""Parse French postal addresses and reduce street labels to comparable keys.

A commune's carte scolaire (which school serves which address) is published as street ranges in the national
Education nationale file (``Type_et_Libelle`` such as ``AVENUE DU GENERAL DE GAULLE``, house numbers
with ``Indice_de_repetition_*`` letters), while addresses come from the Base Adresse Nationale
(``nom_voie`` "Avenue du Général de Gaulle", ``rep`` "bis") or are typed by parents
("34 bis av. du Gal de Gaulle, 35400 Saint-Malo").  This module is the pure, stdlib-only layer that
makes those three spellings comparable:

* :func:`parse_house_number` / :func:`parse_address` split a typed address into a
  :class:`HouseNumber` (number + repetition index) and the street part;
* :func:`street_key` reduces any street label to an accent-free, upper-case, abbreviation-expanded,
  article-free key, so that all spellings of one street give the same key;
* :func:`street_type_and_name` splits a key into its street type ("AVENUE") and the name, for a
  matcher that must cope with a street typed without its type ("Guy Ropartz").

Repetition indexes ("indices de répétition")
--------------------------------------------
Canonical forms are ``""`` (none), the latin words ``"BIS"``, ``"TER"``, ``"QUATER"``,
``"QUINQUIES"`` and the single letters ``"A"`` to ``"Z"``.  A letter always stays a letter: the
national file's ``B`` is *not* assumed to mean "bis" (nothing in the file format says so), hence
``34 B`` and ``34 bis`` are different house numbers.

Ordering, used to test whether a house number lies inside a street range, is total and documented
in :data:`REPETITION_ORDER`::

    "" (0) < BIS (1) < TER (2) < QUATER (3) < QUINQUIES (4) < A (10) < B (11) < ... < Z (35)

so ``34 < 34 bis < 34 ter < 34 A < 34 B < 35``.  The gap between 4 and 10 leaves room for more latin
words without renumbering the letters.

Street keys
-----------
:func:`street_key` applies, in order:

1. accent folding (NFKD, combining marks dropped; ``œ``->``OE``, ``æ``->``AE``, ``ß``->``SS``),
   upper case, every non-alphanumeric character (apostrophes, hyphens, dots, commas, slashes...)
   turned into a word separator;
2. ordinals: any first (``1er``, ``1ère``, ``1re``, ``1e``, ``Ier``, ``premier``, ``première``)
   becomes ``1ER``; any other (``2e``, ``2ème``, ``2eme``, ``2nd``, ``IIe``, ``XXe``) becomes ``2E``,
   ``20E``...  Roman ordinals are only recognised with a lower-case suffix (``IIe``) or an
   unambiguous upper-case one (``IIEME``, ``IER``), so ``Le`` or ``VIE`` are never read as numbers;
   leading zeros of numbers are dropped;
3. the first word, when it is a street-type abbreviation of :data:`STREET_TYPE_ABBREVIATIONS`
   (``AV`` -> ``AVENUE``, ``BD`` -> ``BOULEVARD``, ``R`` -> ``RUE``...), is expanded;
4. title and saint abbreviations of :data:`WORD_ABBREVIATIONS` are expanded anywhere (``ST`` ->
   ``SAINT``, ``GAL`` -> ``GENERAL``...), except ``PRES`` after a plural article ("chemin des Prés"
   are meadows, not a president) and ``COL`` at the end or before an article ("route du Col de
   la Croix" is a mountain pass, not a colonel);
5. articles and linking words of :data:`IGNORED_WORDS` are dropped (``LE LA LES L DE DU DES D AU AUX
   ET``), and ``A`` too when it sits between two words ("rue du Coin à l'Air").

The key is meant for comparison only, never for display.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "IGNORED_WORDS",
    "REPETITION_ORDER",
    "STREET_TYPES",
    "STREET_TYPE_ABBREVIATIONS",
    "WORD_ABBREVIATIONS",
    "HouseNumber",
    "ParsedAddress",
    "normalize_repetition",
    "parse_address",
    "parse_house_number",
    "repetition_rank",
    "street_key",
    "street_type_and_name",
]

# --- Repetition indexes -------------------------------------------------------------------------

_LATIN_REPETITIONS = ("BIS", "TER", "QUATER", "QUINQUIES")

REPETITION_ORDER: dict[str, int] = {
    "": 0,
    **{word: rank for rank, word in enumerate(_LATIN_REPETITIONS, start=1)},
    **{chr(code): 10 + code - ord("A") for code in range(ord("A"), ord("Z") + 1)},
}

# Spellings met in BAN files, the national file and typed input, already folded to upper case.
_REPETITION_ALIASES: dict[str, str] = {
    "BIS": "BIS",
    "TER": "TER",
    "QUATER": "QUATER",
    "QUA": "QUATER",
    "QUINQUIES": "QUINQUIES",
    "QUINQ": "QUINQUIES",
    "QUIN": "QUINQUIES",
}


def _fold(text: str) -> str:
    """Strip accents and expand ligatures, keeping case (callers decide when to upper-case)."""
    if text.isascii():
        return text  # nothing to strip: the common case, and the cheap one
    text = text.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# NFKD does not decompose these letters, so they are spelled out by hand.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
    }
)


def normalize_repetition(text: str | None) -> str:
    """Return the canonical repetition index for ``text`` ("bis" -> "BIS", "b" -> "B", None -> "").

    Raises ``ValueError`` for anything that is not a known latin word or a single letter.
    """
    if text is None:
        return ""
    if text in REPETITION_ORDER:
        return text  # already canonical ("", "BIS", "B"): the common case
    folded = _fold(text).strip().strip(".").strip().upper()
    if not folded:
        return ""
    if folded in _REPETITION_ALIASES:
        return _REPETITION_ALIASES[folded]
    if len(folded) == 1 and "A" <= folded <= "Z":
        return folded
    raise ValueError(f"unknown repetition index: {text!r}")


def repetition_rank(canonical: str) -> int:
    """Sort rank of a repetition index (see :data:`REPETITION_ORDER`); raises ``ValueError`` if unknown."""
    return REPETITION_ORDER[normalize_repetition(canonical)]


@dataclass(frozen=True, slots=True)
class HouseNumber:
    """A house number with its optional repetition index, e.g. ``34 bis`` or ``5001 A``.

    Slotted: a département's rules hold two each (200,000 bounds at 100,000 rules), which a ``__dict__``
    each would double in size."""

    number: int
    repetition: str = ""

    def __post_init__(self) -> None:
        # bool is an int subclass; refusing it catches a classic mix-up early.
        if isinstance(self.number, bool) or not isinstance(self.number, int) or self.number < 0:
            raise ValueError(f"house number must be a non-negative int: {self.number!r}")
        # Normalising here lets callers pass raw BAN values ("bis") and still compare equal.
        object.__setattr__(self, "repetition", normalize_repetition(self.repetition))

    def sort_key(self) -> tuple[int, int]:
        return (self.number, REPETITION_ORDER[self.repetition])

    def __str__(self) -> str:
        if not self.repetition:
            return str(self.number)
        shown = self.repetition.lower() if self.repetition in _LATIN_REPETITIONS else self.repetition
        return f"{self.number} {shown}"


@dataclass(frozen=True)
class ParsedAddress:
    """A typed address split into its house number and street; ``street_key`` is ``street_key(street)``."""

    number: HouseNumber | None
    street: str
    street_key: str


# --- Street vocabulary --------------------------------------------------------------------------

# Expanded only as the first word: elsewhere "R", "PL" or "TER" are too often part of a name.
# Mostly the AFNOR NF Z 10-011 / BAN abbreviations; values may hold several words.
STREET_TYPE_ABBREVIATIONS: dict[str, str] = {
    "AV": "AVENUE",
    "AVE": "AVENUE",
    "AVN": "AVENUE",
    "BD": "BOULEVARD",
    "BLD": "BOULEVARD",
    "BVD": "BOULEVARD",
    "BOUL": "BOULEVARD",
    "R": "RUE",
    "PL": "PLACE",
    "IMP": "IMPASSE",
    "ALL": "ALLEE",
    "CH": "CHEMIN",
    "CHE": "CHEMIN",
    "CHEM": "CHEMIN",
    "RTE": "ROUTE",
    "SQ": "SQUARE",
    "QU": "QUAI",
    "FG": "FAUBOURG",
    "FBG": "FAUBOURG",
    "CRS": "COURS",
    "PROM": "PROMENADE",
    "PRO": "PROMENADE",
    "RPT": "ROND POINT",
    "LOT": "LOTISSEMENT",
    "RES": "RESIDENCE",
    "HAM": "HAMEAU",
    "PAS": "PASSAGE",
    "PASS": "PASSAGE",
    "SEN": "SENTE",
    "SENT": "SENTIER",
    "TER": "TERRASSE",
    "TERR": "TERRASSE",
    "CHS": "CHAUSSEE",
    "MTE": "MONTEE",
    "PARV": "PARVIS",
    "PRV": "PARVIS",
    "ESP": "ESPLANADE",
    "VLA": "VILLA",
    "LD": "LIEU DIT",
    "QUA": "QUARTIER",
    "QRT": "QUARTIER",
    "CTRE": "CENTRE",
    "TPL": "TERRE PLEIN",
    "RLE": "RUELLE",
    "CAR": "CARREFOUR",
    "DOM": "DOMAINE",
    "TRA": "TRAVERSE",
    "VGE": "VILLAGE",
    "VLGE": "VILLAGE",
    "PTE": "PORTE",
}

# Full street types recognised by street_type_and_name (and by the "34 ter rue..." rule).
STREET_TYPES: frozenset[str] = frozenset(STREET_TYPE_ABBREVIATIONS.values()) | frozenset(
    {
        "RUE",
        "QUAI",
        "CITE",
        "COUR",
        "CLOS",
        "MAIL",
        "VENELLE",
        "ESCALIER",
        "DIGUE",
        "CALE",
        "VOIE",
        "ROCADE",
        "CORNICHE",
        "PLACETTE",
        "ZA",
        "ZI",
        "ZAC",
    }
)

# The longest street type in words: "LIEU DIT" is tried before a hypothetical "LIEU".
_LONGEST_STREET_TYPE = max(len(kind.split()) for kind in STREET_TYPES)

# Expanded wherever they appear (titles and saints in street names).
WORD_ABBREVIATIONS: dict[str, str] = {
    "ST": "SAINT",
    "STE": "SAINTE",
    "GAL": "GENERAL",
    "GEN": "GENERAL",
    "GL": "GENERAL",
    "MAL": "MARECHAL",
    "MAR": "MARECHAL",
    "PDT": "PRESIDENT",
    "PRES": "PRESIDENT",
    "DR": "DOCTEUR",
    "DOC": "DOCTEUR",
    "CDT": "COMMANDANT",
    "LT": "LIEUTENANT",
    "COL": "COLONEL",
    "PR": "PROFESSEUR",
    "ND": "NOTRE DAME",
    "MGR": "MONSEIGNEUR",
}

IGNORED_WORDS: frozenset[str] = frozenset({"LE", "LA", "LES", "L", "DE", "DU", "DES", "D", "AU", "AUX", "ET"})

_PLURAL_ARTICLES = frozenset({"DES", "LES", "AUX", "ES"})
_ARTICLES_BEFORE_NAME = frozenset({"DE", "DU", "DES", "D", "LA", "LE", "LES", "L"})

_ARABIC_ORDINAL = re.compile(r"(\d+)(ER|ERE|RE|E|EME|IEME|ND|NDE)")
_ROMAN_ORDINAL_LOWER = re.compile(r"([IVX]+)(e|eme|ieme|er|ere|re)")
_ROMAN_ORDINAL_UPPER = re.compile(r"([IVX]+)(EME|IEME)|I(ER|ERE)")
_ROMAN_VALID = re.compile(r"X{0,3}(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_TOKEN = re.compile(r"[^\W_]+")


def _roman_to_int(roman: str) -> int | None:
    if not roman or not _ROMAN_VALID.fullmatch(roman):
        return None
    total = 0
    for index, char in enumerate(roman):
        value = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[roman[index + 1]] if index + 1 < len(roman) else 0
        total += -value if value < following else value
    return total


def _ordinal(number: int) -> str:
    return "1ER" if number == 1 else f"{number}E"


def _normalize_token(token: str) -> str:
    """Upper-case one accent-free token, rewriting ordinals and number spellings to one form."""
    first = token[0]
    if first.isalpha() and first not in "IVXivxPp":
        return token.upper()  # no ordinal, no number, not "premier": most words, and the cheap path
    # Roman ordinals are checked before upper-casing: the lower-case suffix is what tells "IIe"
    # (second) from words such as "VIE" or "LE".
    match = _ROMAN_ORDINAL_LOWER.fullmatch(token)
    if match:
        value = _roman_to_int(match.group(1))
        if value:
            return _ordinal(value)
    upper = token.upper()
    match = _ROMAN_ORDINAL_UPPER.fullmatch(upper)
    if match:
        value = 1 if match.group(3) else _roman_to_int(match.group(1))
        if value:
            return _ordinal(value)
    if upper in ("PREMIER", "PREMIERE"):
        return "1ER"
    if upper.isdigit():
        # lstrip rather than int(): int() refuses strings longer than 4300 digits.
        return upper.lstrip("0") or "0"
    match = _ARABIC_ORDINAL.fullmatch(upper)
    if match:
        digits = match.group(1).lstrip("0") or "0"
        return "1ER" if digits == "1" else f"{digits}E"
    return upper


def _tokens(label: str) -> list[str]:
    return [_normalize_token(token) for token in _TOKEN.findall(_fold(label))]


def street_key(label: str) -> str:
    """Reduce a street label to its comparison key (see the module docstring for the rules).

    ``street_key("av. du Général de Gaulle") == street_key("AVENUE DU GENERAL DE GAULLE")
    == "AVENUE GENERAL GAULLE"``.  Returns ``""`` for labels holding no significant word.
    """
    if not label:
        return ""
    tokens = _join_split_abbreviations(_tokens(label))
    if not tokens:
        return ""
    if tokens[0] in STREET_TYPE_ABBREVIATIONS:
        tokens[0:1] = STREET_TYPE_ABBREVIATIONS[tokens[0]].split()

    expanded = tokens
    if not WORD_ABBREVIATIONS.keys().isdisjoint(tokens):  # most labels hold no abbreviation
        expanded = []
        last = len(tokens) - 1
        for index, token in enumerate(tokens):
            if token in WORD_ABBREVIATIONS and not _keeps_literal_meaning(
                token, tokens[index - 1] if index > 0 else "", tokens[index + 1] if index < last else ""
            ):
                expanded.extend(WORD_ABBREVIATIONS[token].split())
            else:
                expanded.append(token)

    if "A" not in expanded:
        return " ".join([token for token in expanded if token not in IGNORED_WORDS])
    last = len(expanded) - 1
    kept = [
        token
        for index, token in enumerate(expanded)
        if token not in IGNORED_WORDS and not (token == "A" and 0 < index < last)
    ]
    return " ".join(kept)


def _join_split_abbreviations(tokens: list[str]) -> list[str]:
    """Glue "N.-D." back into "ND": separators turned it into "N D", and "D" would then be dropped."""
    if "N" not in tokens:
        return tokens
    joined: list[str] = []
    for token in tokens:
        if token == "D" and joined and joined[-1] == "N":
            joined[-1] = "ND"
        else:
            joined.append(token)
    return joined


def _keeps_literal_meaning(token: str, previous: str, following: str) -> bool:
    """Whether an abbreviation-looking word is really a plain word in this context."""
    if token == "PRES":
        # "chemin des Prés" (meadows) is common in lieu-dit names, "du Prés." never plural.
        return previous in _PLURAL_ARTICLES
    if token == "COL":
        # A mountain pass is named after something ("col de la Croix"); a colonel is followed by a name.
        return not following or following in _ARTICLES_BEFORE_NAME
    return False


def street_type_and_name(key: str) -> tuple[str, str]:
    """Split a street key into its street type and the rest: "AVENUE GENERAL GAULLE" ->
    ("AVENUE", "GENERAL GAULLE").

    Returns ``("", key)`` when the key does not start with a type of :data:`STREET_TYPES`, or when the
    type is the whole key (a street named "Le Quai" has no name left to match on).
    """
    tokens = key.split()
    # Set lookups, longest type first: building a street index calls this once per street.
    for length in range(min(_LONGEST_STREET_TYPE, len(tokens) - 1), 0, -1):
        kind = " ".join(tokens[:length])
        if kind in STREET_TYPES:
            return kind, " ".join(tokens[length:])
    return "", " ".join(tokens)


# --- House numbers ------------------------------------------------------------------------------

# Non-breaking and other exotic spaces come from copy-pasted addresses. str.split() splits on every
# character that is whitespace for Python (non-breaking, figure and narrow spaces included), that is
# the regular expression ``\s``; the zero-width space is not whitespace for either, hence its own step.
_ZERO_WIDTH_SPACE = "\u200b"

# Up to five digits: BAN metric numbering goes past 9999, while six or more digits is no house number.
_LEADING_NUMBER = re.compile(r"(?:n[°º]\s?)?(\d{1,5})(?!\d)", re.IGNORECASE)
# Letters glued to the number, possibly through a hyphen: "34bis", "34-B", "1er" (rejected later).
_ATTACHED_WORD = re.compile(r"-?([^\W\d_]+)")
_SEPARATE_WORD = re.compile(r" ([^\W\d_]+)(?=[ ,;]|-\d|$)")
_NEXT_WORD = re.compile(r" ([^\W\d_]+)")
_RANGE_END = re.compile(r" ?(?:[-/]| (?:a|à|au) ) ?\d{1,5}(?:-?[^\W\d_]+)?(?=[ ,;]|$)", re.IGNORECASE)
# A hyphen may end a repetition only when a range follows: "12bis-14".
_BOUNDARY = re.compile(r"[ ,;]|-\d|$")
_LEADING_SEPARATORS = " ,;.-"
# Words after which "ter" means "terrasse" and a lone letter is a preposition: "12 ter des Lilas".
_ARTICLE_AHEAD = re.compile(r" (?:(?:de|du|des|la|le|les|aux?)(?=[ ,]|$)|[dl]['’`])", re.IGNORECASE)
# Separate single letters are only read as repetition indexes in the range met in practice.
_LOOSE_LETTERS = frozenset("ABCD")
# Spellings that are never street words, so no context check is needed ("ter" and "qua" are).
_UNAMBIGUOUS_REPETITIONS = frozenset({"BIS", "QUATER", "QUINQUIES", "QUINQ", "QUIN"})


def _clean_spaces(text: str) -> str:
    """Runs of spaces of any kind become one space; none at either end."""
    if _ZERO_WIDTH_SPACE in text:
        text = text.replace(_ZERO_WIDTH_SPACE, " ")
    return " ".join(text.split())


def _next_word_is_street_type(text: str, position: int) -> bool:
    match = _NEXT_WORD.match(text, position)
    if not match:
        return False
    word = _fold(match.group(1)).upper()
    return word in STREET_TYPES or word in STREET_TYPE_ABBREVIATIONS


def _followed_by_end_or_comma(text: str, position: int) -> bool:
    rest = text[position:].lstrip(" ")
    return not rest or rest[0] in ",;"


def _attached_repetition(text: str, position: int) -> tuple[str, int] | None:
    """Read a repetition glued to the number ("34bis", "34-B").

    Returns ``("", position)`` when nothing is glued, ``None`` when the glued letters make the number
    something else than a house number ("1er Mai", "47e Régiment").
    """
    match = _ATTACHED_WORD.match(text, position)
    if not match:
        return "", position
    end = match.end()
    if not _BOUNDARY.match(text, end):
        return None
    try:
        repetition = normalize_repetition(match.group(1))
    except ValueError:
        return None
    # "47e Régiment" is an ordinal; "12e rue..." or a final "12e" is a house number with letter E.
    if repetition == "E" and not (
        _followed_by_end_or_comma(text, end) or _next_word_is_street_type(text, end)
    ):
        return None
    return repetition, end


def _separate_repetition(text: str, position: int) -> tuple[str, int]:
    """Read a repetition written as its own word ("34 bis rue", "34 B, rue"); ("", position) if none."""
    match = _SEPARATE_WORD.match(text, position)
    if not match:
        return "", position
    word = match.group(1)
    try:
        repetition = normalize_repetition(word)
    except ValueError:
        return "", position
    end = match.end()
    if _fold(word).upper() in _UNAMBIGUOUS_REPETITIONS:
        return repetition, end
    if len(repetition) == 1 and (len(word) != 1 or repetition not in _LOOSE_LETTERS):
        return "", position
    # "ter"/"qua" double as terrasse/quartier and "a" as a preposition: an article right after them
    # ("12 ter des Lilas", "3 a la Fontaine") means they start the street name.
    if _ARTICLE_AHEAD.match(text, end):
        return "", position
    return repetition, end


def parse_house_number(text: str) -> tuple[HouseNumber | None, str]:
    """Split a leading house number off ``text``: "34 bis rue X" -> (HouseNumber(34, "BIS"), "rue X").

    Accepted forms: "34 bis", "34bis", "34-bis", "34 B", "34B", "34-B", "34 b, rue", "34, rue",
    "n° 34"; the latin words bis/ter/quater/quinquies (and qua/quin) anywhere, letters A-Z when glued
    to the number but only A-D as a separate word (a lone "E" or "F" is more likely a typo or a name).

    Ambiguities, resolved so:

    * "ter" (and "qua", and a lone letter) followed by an article or preposition (de, du, des, la,
      le, les, au, aux, d', l') starts the street name: "12 ter des Lilas" is number 12 on
      "ter des Lilas" (terrasse des Lilas); otherwise "ter" is the repetition index;
    * a number with an ordinal suffix is no house number: "1er Mai", "2ème Avenue" and
      "47e Régiment" give ``(None, text)``; a glued "e" is read as the letter E only when followed by
      a street type, a comma or nothing ("12e rue X");
    * a range keeps its first number: "12-14 rue X", "12/14 rue X", "12 à 14 rue X" give 12;
    * six digits or more are no house number.

    Without a leading house number, returns ``(None, text)`` with spaces cleaned.  The returned rest
    has its spaces collapsed and leading separators (",", "-") removed.
    """
    return _split_house_number(_clean_spaces(text or ""))


def _split_house_number(cleaned: str) -> tuple[HouseNumber | None, str]:
    """:func:`parse_house_number` of a text whose spaces are already cleaned."""
    match = _LEADING_NUMBER.match(cleaned)
    if not match:
        return None, cleaned
    number = int(match.group(1))
    position = match.end()

    attached = _attached_repetition(cleaned, position)
    if attached is None:
        return None, cleaned
    repetition, position = attached
    if not repetition:
        # A range is checked before separate words so that "12 a 14" is not read as "12 A".
        range_end = _RANGE_END.match(cleaned, position)
        if range_end:
            position = range_end.end()
        else:
            repetition, position = _separate_repetition(cleaned, position)
    range_end = _RANGE_END.match(cleaned, position)
    if range_end:
        position = range_end.end()

    rest = cleaned[position:].lstrip(_LEADING_SEPARATORS).strip().rstrip(",;").strip()
    return HouseNumber(number, repetition), rest


# ", 35400 Saint-Malo", " 35400", ", 35400 Saint-Malo, France" at the end of an address.  The postcode
# must follow something: a leading five-digit number is a (metric) house number, not a postcode.
_POSTCODE_SUFFIX = re.compile(r"(?<=.)(?:,|\s)\s?\d{5}(?:\s[^\d,]*)?(?:,\s?france)?\s*$", re.IGNORECASE)


def parse_address(text: str) -> ParsedAddress:
    """Parse a typed address: house number, street, and the street's key.

    A trailing postcode with its commune ("..., 35400 Saint-Malo", optionally ", France") is dropped;
    a commune written without its postcode cannot be told from the street and is kept.  Never raises
    on odd input: an empty or symbol-only text gives ``ParsedAddress(None, ..., "")``.
    """
    cleaned = _clean_spaces(text or "")
    postcode = _POSTCODE_SUFFIX.search(cleaned)
    if postcode:
        cleaned = cleaned[:postcode.start()]
    cleaned = cleaned.strip().rstrip(",;").strip()
    number, street = _split_house_number(cleaned)
    if not _TOKEN.search(street):
        # Punctuation alone ("!!!", ", ,") is no street; an empty string is easier for callers to test.
        street = ""
    return ParsedAddress(number=number, street=street, street_key=street_key(street))
