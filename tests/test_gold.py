"""The gold annotations stay consistent with the articles they annotate: offsets,
labels, no overlaps, every repeat of an annotated name covered (gold/check_gold.py)."""

from __future__ import annotations

import subprocess
import sys

from newsframes.book import chapters


def test_gold_tables_match_their_articles():
    proc = subprocess.run(
        [sys.executable, str(chapters.SEED_GOLD.folder / "check_gold.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all checks passed" in proc.stdout
