"""Fuzz tests: hostile input through every public door of wmd (``nox -s fuzz``)."""
