"""The invented example's pack (Annexford, messy as real exports) holds not one child-level
value of the data it was built from: every Child Unique ID, date of birth, postcode, worker,
team and personal advisor the generator wrote is searched for in every part of the .xlsx
(sheets, shared strings, comments, tables, charts, document properties)."""

from __future__ import annotations

import re
import zipfile
from datetime import date, timedelta

from tests.test_annex_a_example import example  # noqa: F401  (the built example, a fixture)

PERSONAL = ("Child Unique ID", "Placement postcode", "Allocated Team", "Allocated Worker",
            "Allocated Personal Advisor", "Individual adopter identifier")


def child_level(written) -> tuple[set[str], set[str]]:
    """Texts (IDs, postcodes, names, dates of birth as a pack could spell them) and Excel
    serial numbers of the dates of birth."""
    texts: set[str] = set()
    serials: set[str] = set()
    for extract in written:
        for rows in extract.lists.values():
            for row in rows:
                for column in PERSONAL:
                    if row.get(column):
                        texts.add(str(row[column]).strip())
                birth = row.get("Date of Birth")
                # The pack prints the first and last days of months for its own reasons
                # (windows, lookbacks): a birth on one of them is not looked for as a date.
                if isinstance(birth, date) and birth.day != 1 and \
                        (birth + timedelta(days=1)).day != 1:
                    texts |= {birth.isoformat(), f"{birth:%d/%m/%Y}"}
                    serials.add(str((birth - date(1899, 12, 30)).days))
    return texts, serials


def test_no_child_level_value_of_the_example_is_anywhere_in_its_pack(example):  # noqa: F811
    written, _, _, made = example
    texts, serials = child_level(written)
    assert len([t for t in texts if t.startswith("INV")]) > 100  # the data is really there
    assert any("(invented)" in t for t in texts) and serials
    with zipfile.ZipFile(made.path) as book:
        parts = {name: book.read(name).decode("utf-8", "replace") for name in book.namelist()}
    assert "docProps/core.xml" in parts and any("worksheets/sheet" in name for name in parts)
    for name, text in parts.items():
        found = [t for t in texts if t in text]
        assert not found, f"{found[:5]} in {name}"
        if name.startswith(("xl/theme/", "xl/styles")):
            continue  # colour tints and number formats, never data (a theme holds 40000)
        numbers = set(re.findall(r">(\d{5})<", text)) | set(re.findall(r'"(\d{5})"', text))
        assert not numbers & serials, f"{sorted(numbers & serials)[:5]} in {name}"
