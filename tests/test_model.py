"""The domain model: what the authority's name may do to a file name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as s

from xlscore.model import SLUG_LIMIT, Catalogue


def slug(authority: str) -> str:
    return Catalogue(authority=authority, sections=(), population={}).slug


@pytest.mark.parametrize(("authority", "expected"), [
    ("Slough", "slough"),
    ("Brighton & Hove", "brighton-hove"),
    ("Bath/North East Somerset", "bath-north-east-somerset"),
    ("../../other/outputs/slough", "other-outputs-slough"),
    ("/etc/passwd", "etc-passwd"),
    ("..", "authority"),
    ("Ynys Môn", "ynys-mon"),
    ("St. Helens", "st-helens"),
])
def test_the_file_name_is_a_safe_slug(authority, expected):
    assert slug(authority) == expected


def test_a_long_name_is_bounded():
    assert len(slug("Very Long Borough " * 20)) <= SLUG_LIMIT


@given(s.text(max_size=400))
def test_any_name_gives_letters_digits_and_hyphens_only(authority):
    made = slug(authority)
    assert made and len(made) <= SLUG_LIMIT
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in made)
    assert not made.startswith(("-", ".")) and made == made.lower()
