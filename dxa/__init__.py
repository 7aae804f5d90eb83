"""dxa: DXA reports into validated data and guideline-based letters."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dxa")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"
