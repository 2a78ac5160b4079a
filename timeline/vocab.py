"""Loading of the rule and vocabulary data files that ship with the package."""
from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def load_data(name: str, folder: str = "data") -> dict:
    """Parse ``timeline/<folder>/<name>.toml`` once per process."""
    text = resources.files("timeline").joinpath(folder, f"{name}.toml").read_text("utf-8")
    return tomllib.loads(text)
