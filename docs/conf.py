"""Sphinx configuration: MyST Markdown pages whose code cells are executed at build time."""

from __future__ import annotations

import importlib.metadata

project = "wmd"
author = "wmd developers"
copyright = "2026, wmd developers"
release = importlib.metadata.version("wmd")

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
myst_enable_extensions = ["colon_fence", "deflist"]
nb_execution_mode = "force"  # every page and notebook runs at every build
nb_execution_raise_on_error = True  # a failing example fails the build
nb_execution_timeout = 300
nb_execution_excludepatterns: list[str] = []
nb_merge_streams = True

autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
nitpicky = False
suppress_warnings = ["mystnb.unknown_mime_type", "myst.xref_missing"]
# No intersphinx: CI and developers build offline (only package registries are reachable).

exclude_patterns = ["_build", "requirements.txt", "**.ipynb_checkpoints"]
html_theme = "furo"
html_title = "wmd"
