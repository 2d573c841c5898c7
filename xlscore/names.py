"""What an extract's file name says, and what it probably meant when it says nothing.

An extract is `YYYY-MM.csv` or `.xlsx`. Analysts also save `June 2024.xlsx`, slip a digit
(`2204-06.xlsx`) or save from an old Excel (`2024-06.xls`): each is said, with the name it
probably meant, rather than passed over in silence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from xlscore.periods import FIRST_YEAR, LAST_YEAR, Month

READ = (".csv", ".xlsx")  # the kinds of file xlscore reads an extract from
# Spreadsheets saved in another format: named like an extract, never read as one.
OTHER_SPREADSHEETS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers", ".tsv", ".txt")
FAR = 12  # months after the latest other extract: a month further is most likely a slip

_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_WORD = re.compile(r"[a-z]+")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_NUMBERS = re.compile(r"(?<!\d)(\d{4})[-_. /]?(\d{1,2})(?!\d)|(?<!\d)(\d{1,2})[-_. /](\d{4})(?!\d)")


def meant(stem: str) -> Month | None:
    """The month a name that is not `YYYY-MM` most likely means: `June 2024`, `jun-24`,
    `2024_06`, `06-2024`, `2024-6`; None when it names none."""
    text = stem.lower()
    words = [w for w in _WORD.findall(text) if len(w) >= 3]
    month = next((i + 1 for w in words for i, n in enumerate(_NAMES)
                  if n.startswith(w) or w.startswith(n[:3]) and n.startswith(w[:3])), None)
    years = _YEAR.findall(text)
    if month is not None:
        if years:
            year = int(years[0])
        else:
            short = re.search(r"(?<!\d)(\d{2})(?!\d)", text)
            if short is None:
                return None
            year = 2000 + int(short.group(1))
        return Month(year, month) if FIRST_YEAR <= year <= LAST_YEAR else None
    numbers = _NUMBERS.search(text)
    if numbers is None:
        return None
    given, number = ((numbers.group(1), numbers.group(2)) if numbers.group(1)
                     else (numbers.group(4), numbers.group(3)))
    if not (1 <= int(number) <= 12 and FIRST_YEAR <= int(given) <= LAST_YEAR):
        return None
    return Month(int(given), int(number))


def slipped(month: Month, others: Iterable[Month]) -> Month | None:
    """For a month more than FAR months after every other extract, the month a slip of two
    digits of its year would have meant (2204-06 for 2024-06) if that one lies among them;
    None when the month is near the others, or no swap brings it there."""
    known = sorted(others)
    if not known or month <= known[-1].shift(FAR):
        return None
    digits = f"{month.year:04d}"
    for i in range(3):
        year = int(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
        candidate = Month(year, month.month)
        if known[0].shift(-FAR) <= candidate <= known[-1].shift(FAR):
            return candidate
    return None
