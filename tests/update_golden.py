"""Regenerate the golden site: python tests/update_golden.py

Run it only when a change to the site's output is intended, then review the diff of
tests/golden/expected/ before committing it.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timeline.pipeline import BuildConfig, build  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"


def main() -> int:
    os.environ.pop("SOURCE_DATE_EPOCH", None)  # the golden test builds without it
    expected = GOLDEN / "expected"
    shutil.rmtree(expected, ignore_errors=True)
    result = build(BuildConfig(seeds=GOLDEN / "seeds", out=expected, base_url="https://example.org/timeline/"))
    print(f"wrote {len(result.written.written)} files to {expected.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
