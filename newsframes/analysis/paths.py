"""Every path the project uses, derived from one root.

``PROJECT_ROOT`` is the repository (the book root). The corpus folder and the
analysis cache can be moved with environment variables, so the same notebooks
and commands run on another corpus without editing a file.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

GOLD_DIR = PROJECT_ROOT / "gold"  # hand annotations of the articles in seeds/
HELDOUT_GOLD_DIR = PROJECT_ROOT / "evaluation" / "heldout"  # gold of the held-out articles
HELDOUT_DIR = HELDOUT_GOLD_DIR / "articles"  # held-out articles (invented, see the README)
HELDOUT2_GOLD_DIR = PROJECT_ROOT / "evaluation" / "heldout2"  # the second held-out set
HELDOUT2_DIR = HELDOUT2_GOLD_DIR / "articles"

SEEDS_ENV = "NEWSFRAMES_SEEDS"
CACHE_ENV = "NEWSFRAMES_CACHE"


def seeds_dir(seeds: str | os.PathLike | None = None) -> Path:
    """The corpus folder: ``seeds`` if given, else ``$NEWSFRAMES_SEEDS``, else ``seeds/``."""
    if seeds is None or str(seeds) == "":
        seeds = os.environ.get(SEEDS_ENV) or PROJECT_ROOT / "seeds"
    return Path(seeds).expanduser().resolve()


def cache_dir(cache: str | os.PathLike | None = None) -> Path:
    """The per-article analysis cache: ``cache`` if given, else ``$NEWSFRAMES_CACHE``,
    else ``.cache/newsframes`` under the project root."""
    if cache is None or str(cache) == "":
        cache = os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".cache" / "newsframes"
    return Path(cache).expanduser().resolve()
