"""The sample generator behind `python samples/make_samples.py` (a tool of this repository,
not part of the installed `dxa` package)."""
