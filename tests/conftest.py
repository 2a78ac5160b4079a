"""Shared test helpers: where the research corpora live (never copied into the repository)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared data folder: $TIMELINE_SHARED, else ../shared beside the project root."""
    env = os.environ.get("TIMELINE_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def shared_file(relative: str) -> Path:
    path = shared_dir() / relative
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path
