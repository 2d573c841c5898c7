"""The categories of Annex A, and reading a cell as one of them.

Exports write a category many ways: the letter (`a`), the letter with its bracket (`a)`), the
official text (`a) Male`) or the text alone (`Male`); a coded one (`V3`, `F4`, `U1`) as the
code alone or followed by its text (`V3 Short breaks`, `V3: Short term breaks`). Each is read
to its key: the lower-case letter or the upper-case code, as `records` keeps them.
"""

from __future__ import annotations

import re

from xlscore.records import record

_LETTER = re.compile(r"([a-z]\d?)(?:\)\s*(.*))?")
_CODE = re.compile(r"([A-Z]+\d+[A-Z]?)(?:$|[\s:\-)–.,]+(.*))")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2013": "-",
                              "\u2014": "-"})


def folded(text: str) -> str:
    """Case, curly apostrophes, dashes and runs of spaces do not tell two words apart."""
    return " ".join(text.translate(_APOSTROPHES).split()).lower()


@record
class Lettered:
    """A lettered category: (letter, official text, other accepted texts) per option."""

    options: tuple[tuple[str, str, tuple[str, ...]], ...]

    def __post_init__(self) -> None:
        lookup: dict[str, str] = {}
        for letter, text, aliases in self.options:
            for name in (letter, f"{letter})", folded(text), *map(folded, aliases)):
                lookup.setdefault(name, letter)
        object.__setattr__(self, "_lookup", lookup)

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(letter for letter, _, _ in self.options)

    def key(self, value: str) -> str | None:
        """The letter `value` stands for, or None when it is none of the options."""
        text = folded(value)
        found: str | None = self._lookup.get(text)  # type: ignore[attr-defined]
        if found is not None:
            return found
        match = _LETTER.fullmatch(text)
        if match and match.group(2) is not None and match.group(1) in self._lookup:  # type: ignore[attr-defined]
            return match.group(1)  # "a) Male", "c) child in need plan": the letter decides
        return None


@record
class Coded:
    """A coded category (`V3`, `F4`): the code alone or followed by its text."""

    codes: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_codes", {code for code, _ in self.codes})

    def key(self, value: str) -> str | None:
        text = " ".join(value.translate(_APOSTROPHES).split()).upper()
        match = _CODE.match(text)
        if match and match.group(1) in self._codes:  # type: ignore[attr-defined]
            return match.group(1)
        return None


def yes_no(unknown: bool = True) -> Lettered:
    options: list[tuple[str, str, tuple[str, ...]]] = [("a", "Yes", ("y",)), ("b", "No", ("n",))]
    if unknown:
        options.append(("c", "Unknown", ()))
    return Lettered(tuple(options))


GENDER = Lettered((("a", "Male", ("m",)), ("b", "Female", ("f",)),
                   ("c", "Not stated/recorded", ()), ("d", "Neither", ())))

# Contact and referral source: the CIN census codes behind the letters (1A ... 10).
_SOURCES = (("a", "1A", "Individual - family member, relative or carer"),
            ("b", "1B", "Individual - acquaintance"), ("c", "1C", "Individual - self"),
            ("d", "1D", "Individual - other"), ("e", "2A", "Schools"),
            ("f", "2B", "Education services"), ("g", "3A", "Health services - GP"),
            ("h", "3B", "Health services - health visitor"),
            ("i", "3C", "Health services - school nurse"),
            ("j", "3D", "Health services - other primary health services"),
            ("k", "3E", "Health services - A&E"), ("l", "3F", "Health services - other"),
            ("m", "4", "Housing"), ("n", "5A", "LA services - social care"),
            ("o", "5B", "LA services - other internal"), ("p", "5C", "LA services - external"),
            ("p1", "5D", "LA services - early help"), ("q", "6", "Police"),
            ("r", "7", "Other legal agency"), ("s", "8", "Other"), ("t", "9", "Anonymous"),
            ("u", "10", "Unknown"))


@record
class Source:
    """Contact Source: a lettered category whose options also carry a census code (`1A`),
    which an export may give alone or before its text (`1A: Individual`, `a) 1A`)."""

    lettered: Lettered
    by_code: tuple[tuple[str, str], ...]

    def key(self, value: str) -> str | None:
        found = self.lettered.key(value)
        if found is not None:
            return found
        text = folded(value)
        for code, key in self.by_code:  # longest codes first: "10" before "1"
            lowered = code.lower()
            if text == lowered or (text.startswith(lowered)
                                   and not text[len(lowered)].isalnum()):
                return key
        return None


SOURCE = Source(Lettered(tuple((letter, f"{code}: {text}", (text,))
                               for letter, code, text in _SOURCES)),
                tuple(sorted(((code, letter) for letter, code, _ in _SOURCES),
                             key=lambda pair: -len(pair[0]))))

CASE_STATUS = Lettered((("a", "Looked after child", ()), ("b", "Child Protection plan", ()),
                        ("c", "Child in need plan", ()), ("d", "Open assessment", ()),
                        ("e", "Closed episode", ())))
SUITABILITY = Lettered((("a", "Suitable", ()), ("b", "Unsuitable", ())))
SEEN_ALONE = yes_no()

LEGAL_STATUS = Coded((("C1", "Interim care order"), ("C2", "Full care order"),
                      ("D1", "Freeing order"), ("E1", "Placement order"),
                      ("V2", "Single period of accommodation under section 20"),
                      ("L1", "Under police protection and in local authority accommodation"),
                      ("L2", "Emergency protection order"),
                      ("L3", "Under child assessment order and in local authority "
                             "accommodation"),
                      ("J1", "Remanded to local authority accommodation or to youth "
                             "detention accommodation"),
                      ("J2", "Placed in local authority accommodation under the Police and "
                             "Criminal Evidence Act 1984"),
                      ("J3", "Sentenced to youth rehabilitation order"),
                      ("V3", "Short term breaks, episodes recorded"),
                      ("V4", "Short term breaks, agreements recorded")))
ACTIVITY = Coded(tuple((f"{kind}{n}", text) for kind, n, text in (
    ("F", 1, "Full time in higher education"), ("P", 1, "Part time in higher education"),
    ("F", 2, "Full time in education other than higher"),
    ("P", 2, "Part time in education other than higher"),
    ("F", 3, "Full time in training or employment"),
    ("P", 3, "Part time in training or employment"),
    ("F", 4, "Engaged full time in an apprenticeship"),
    ("P", 4, "Engaged part time in an apprenticeship"),
    ("F", 5, "Engaged full time in training or employment (not apprenticeship)"),
    ("P", 5, "Engaged part time in training or employment (not apprenticeship)"),
    ("G", 4, "NEET - illness or disability"), ("G", 5, "NEET - other"),
    ("G", 6, "NEET - pregnancy or parenting"))))

Category = Lettered | Coded | Source
