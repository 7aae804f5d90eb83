"""Rebuild the letters' bundled fonts: DejaVu Sans cut down to the characters letters use.

    python tools/make_fonts.py [DEJAVU_DIR]

Why: WeasyPrint subsets every embedded font per document. With the full system DejaVu Sans
(700 kB, large layout tables) that subsetting was most of a letter's rendering time; these
small fonts without layout tables keep both letters well under a second and make the layout
the same on every machine. Characters outside the set (a name in another script) still
render, from the system fonts. DejaVu's licence travels with them (LetterSans-LICENSE.txt).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

SOURCE_DIR = Path("/usr/share/fonts/truetype/dejavu")
STATIC_DIR = Path(__file__).resolve().parents[1] / "letters" / "static"
FACES = {
    "DejaVuSans.ttf": "LetterSans-Regular.ttf",
    "DejaVuSans-Bold.ttf": "LetterSans-Bold.ttf",
    "DejaVuSans-Oblique.ttf": "LetterSans-Oblique.ttf",
}
# Basic Latin, Latin-1, Latin Extended-A (European names), general punctuation, arrows,
# and the few symbols the letters print: Greek Delta and mu, minus, less/greater-or-equal.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x180),
    *range(0x2010, 0x2028),
    *range(0x2030, 0x203B),
] + [*range(0x2190, 0x2194), 0x0394, 0x03BC, 0x2122, 0x2212, 0x2264, 0x2265]
DROPPED_TABLES = ["GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM"]


def build(source_dir: Path = SOURCE_DIR, target_dir: Path = STATIC_DIR) -> list[Path]:
    options = subset.Options()
    options.drop_tables += DROPPED_TABLES
    options.hinting = False
    written = []
    for source_name, target_name in FACES.items():
        font = subset.load_font(str(source_dir / source_name), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=UNICODES)
        subsetter.subset(font)
        target = target_dir / target_name
        subset.save_font(font, str(target), options)
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE_DIR):
        print(path)
