"""OCR confusions undone in one place, from the data in `confusions.yaml`.

An engine reads "0.69O", "-l.2" or "S.0"; the table readers want "0.690", "-1.2", "5.0".
A letter is replaced only inside a token that is a number once the table is applied and
that holds at least one real digit, so no word is ever turned into a number; each
replacement is reported so that the value is flagged rather than trusted.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import yaml

NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?%?$")


@functools.cache
def _table() -> tuple[dict[str, str], dict[str, str]]:
    """(letters that stand for digits, characters that stand for a minus or point)."""
    data = yaml.safe_load(resources.files(__package__).joinpath("confusions.yaml").read_text())
    signs = {dash: "-" for dash in data["minus"]} | {point: "." for point in data["points"]}
    return dict(data["digits"]), signs


def undo_confusions(token: str) -> tuple[str, bool]:
    """The token with OCR confusions undone, and whether a letter was taken for a digit.

    Dashes always become "-" (a minus sign or a range dash: both read the same way); a
    letter becomes a digit only when the whole token then reads as a number."""
    digits, signs = _table()
    token = "".join(signs.get(char, char) for char in token)
    if NUMBER.match(token) or not any(char.isdigit() for char in token):
        return token, False
    numeric = "".join(digits.get(char, char) for char in token)
    if NUMBER.match(numeric):
        return numeric, True
    return token, False


@functools.cache
def _vertebra_piece() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(one vertebra as misread: its L, then its digit; a whole label of one or a range)."""
    data = yaml.safe_load(resources.files(__package__).joinpath("confusions.yaml").read_text())
    letter = re.escape("".join(["L", *data["vertebra_l"]]))
    one = re.escape("".join(data["vertebra_one"]))
    piece = f"([{letter}])([2-5]|[1{one}])"
    return re.compile(piece), re.compile(f"^{piece}(?:\\s*-\\s*{piece})?$")


def undo_vertebra_confusions(label: str) -> str | None:
    """A spine row label read as "12", "Ll" or "11-L4", as the vertebrae it names ("L2",
    "L1", "L1-L4"); None for a label that is not such a misreading (or is already right)."""
    piece, whole = _vertebra_piece()
    text = label.strip()
    if not whole.match(text):
        return None
    fixed = piece.sub(lambda m: "L" + (m[2] if m[2].isdigit() else "1"), text)
    return fixed if fixed != text else None


@functools.cache
def _header_words() -> tuple[str, ...]:
    data = yaml.safe_load(resources.files(__package__).joinpath("confusions.yaml").read_text())
    return tuple(data["header_words"])


def undo_header_confusions(word: str) -> str:
    """A table header word misread by one letter ("Ragion", "T-Scare") as the header word;
    any other word unchanged."""
    if len(word) < 5 or word in _header_words():
        return word
    for known in _header_words():
        if len(known) == len(word) and sum(a != b for a, b in zip(known, word, strict=True)) == 1:
            different = next(i for i, (a, b) in enumerate(zip(known, word, strict=True)) if a != b)
            if word[different].isalpha() and known[different].isalpha():
                return known
    return word
