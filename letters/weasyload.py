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

WeasyPrint also imports fontTools' subsetter and its variable-font instancer up front, about
0.1 s of every start, for work the letters never ask of it while HarfBuzz subsets their
(static) fonts; both are loaded on first use instead (`_font_tools_on_demand`).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import importlib.util
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


SUBSETTER, INSTANCER = "fontTools.subset", "fontTools.varLib.instancer"


def _instantiate_variable_font(*args, **kwargs):
    """fontTools' `instantiateVariableFont`, imported when a variable font first needs it."""
    from fontTools.varLib.instancer import instantiateVariableFont

    return instantiateVariableFont(*args, **kwargs)


@contextlib.contextmanager
def _font_tools_on_demand() -> Iterator[None]:
    """While WeasyPrint is imported: the subsetter is a lazy module (the standard library's
    LazyLoader: the real module, run on first use), and the instancer a stand-in that gives
    WeasyPrint a function importing the real one when called. The stand-in leaves
    `sys.modules` afterwards, so any later import gets the real instancer."""
    if SUBSETTER in sys.modules or INSTANCER in sys.modules:
        yield
        return
    spec = importlib.util.find_spec(SUBSETTER)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    subsetter = importlib.util.module_from_spec(spec)
    sys.modules[SUBSETTER] = subsetter
    spec.loader.exec_module(subsetter)
    sys.modules["fontTools"].subset = subsetter
    stand_in = ModuleType(INSTANCER)
    stand_in.instantiateVariableFont = _instantiate_variable_font
    sys.modules[INSTANCER] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(INSTANCER) is stand_in:
            del sys.modules[INSTANCER]


def import_weasyprint() -> ModuleType:
    """The weasyprint module, its libraries opened by their file names where they can be."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "HarfBuzz-Subset", DeprecationWarning)
        try:
            with _no_library_search(), _font_tools_on_demand():
                import weasyprint
        except (OSError, ImportError):
            for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]
            import weasyprint
    return weasyprint


def has_harfbuzz_subset() -> bool:
    """True when WeasyPrint subsets fonts with HarfBuzz (else with fontTools, slower)."""
    from weasyprint.text.ffi import harfbuzz_subset

    return harfbuzz_subset is not None


weasyprint = import_weasyprint()
