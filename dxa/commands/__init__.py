"""One module per CLI command; dxa.cli registers them."""
