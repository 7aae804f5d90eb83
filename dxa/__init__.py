"""dxa: DXA reports into validated data and guideline-based letters."""

from pathlib import Path


def __getattr__(name: str) -> str:
    """`__version__`, looked up on first use: importlib.metadata costs a start-up ~30 ms."""
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    global __version__
    try:
        __version__ = version("dxa")
    except PackageNotFoundError:  # running from a source tree without an install
        __version__ = "0.0.0"
    return __version__


# In a source checkout the stages sit in the repository's top-level folders (parser/,
# interpret/, letters/), which an install maps to dxa.parser, dxa.interpret and dxa.letters.
# When this folder is imported straight from a checkout (python -m dxa from its root), look
# for the stages there too, so a checkout runs the same as an installed package.
_CHECKOUT = Path(__file__).resolve().parent.parent
if not (Path(__file__).parent / "parser").is_dir() and (_CHECKOUT / "parser" / "api.py").is_file():
    __path__.append(str(_CHECKOUT))
