"""WeasyPrint, imported without its search for system libraries by guessed names.

WeasyPrint opens Pango, HarfBuzz, fontconfig ... by trying several names per library; for
each name the loader cannot open, cffi asks `ctypes.util.find_library`, which spawns
ldconfig and a C compiler: about 0.2 s of every start that renders a letter. The last
names it tries are the libraries' own file names (`libpango-1.0.so.0`), which the loader
opens without a search, so during the import the search answers "not found" at once.
If the libraries cannot be opened that way, WeasyPrint is imported again as it would be.

HarfBuzz's subsetter (Debian `libharfbuzz-subset0`) makes every PDF letter cheaper; without
it WeasyPrint subsets fonts with fontTools, and its warning that it would prefer HarfBuzz is
silenced here: the letters are the same either way.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


def import_weasyprint() -> ModuleType:
    """The weasyprint module, its libraries opened by their file names where they can be."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        try:
            with _no_library_search():
                import weasyprint
        except OSError:
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
            import weasyprint
    return weasyprint


def has_harfbuzz_subset() -> bool:
    """True when WeasyPrint subsets fonts with HarfBuzz (else with fontTools, slower)."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


weasyprint = import_weasyprint()
