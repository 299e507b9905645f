"""Files of the on-disk caches: atomic replacement, "last used" marks and pruning.

Both caches (the GitHub HTTP cache and the analysis cache) share these rules, and
this module imports nothing heavy, so the analysis cache can use it without pulling in
``requests`` through the HTTP cache (a local audit never needs it).

- A file is replaced atomically (temporary file beside it, then ``os.replace``): a
  reader, another run or a forked worker, sees the old file or the new one, never half.
- A file's modification time is its "last used": a hit refreshes it, but only when it
  is more than a day old, so warm runs cost no writes.
- Pruning, when a cache is opened: temporary files left by killed runs go, entries
  unused for a given number of days go, and past a size cap the least recently used go.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Optional

# Temporary files start with this; pruning deletes the ones left behind by killed runs.
TEMP_PREFIX = ".tmp-"
# A temporary file older than this was left by a killed run (a live one is seconds old).
STALE_TEMP_SECONDS = 3600
SECONDS_PER_DAY = 86400
# A hit refreshes its entry's "last used" only when it is this stale: far below any
# unused-days limit, and warm runs then write nothing.
TOUCH_AFTER_SECONDS = SECONDS_PER_DAY


def default_cache_dir() -> Path:
    """The cache folder without ``--cache-dir``: the platform's user cache folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("portfolio-audit", appauthor=False)) / "github"


def replace_file(target: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``target``, then os.replace it; raises OSError, leaves no temporary file."""
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp_name, target)
    except BaseException:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise


def mark_used(path: Path) -> None:
    """Refresh ``path``'s "last used" if it is over TOUCH_AFTER_SECONDS old; never raises."""
    try:
        if time.time() - path.stat().st_mtime > TOUCH_AFTER_SECONDS:
            os.utime(path)
    except OSError:
        pass  # a read-only folder: the entry may be pruned a little early, which costs one fetch or analysis


def prune(directory: Path, suffixes: tuple, max_unused_days: float, max_total_bytes: int,
          now: Optional[float] = None, recursive: bool = False) -> int:
    """Delete stale temporaries, entries (files ending in ``suffixes``) unused for ``max_unused_days``,
    then the least recently used beyond ``max_total_bytes``; how many entries went.

    Other files are left alone: the folder may be shared with something else. Never raises.
    """
    now = time.time() if now is None else now
    entries, removed = [], 0
    for item in _files(Path(directory), recursive):
        try:
            stat = item.stat()
            if item.name.startswith(TEMP_PREFIX):
                if stat.st_mtime < now - STALE_TEMP_SECONDS:
                    os.unlink(item.path)
                continue
            if not item.name.endswith(suffixes):
                continue
            if stat.st_mtime < now - max_unused_days * SECONDS_PER_DAY:
                os.unlink(item.path)
                removed += 1
                continue
            entries.append((stat.st_mtime, stat.st_size, item.path))
        except OSError:
            continue  # gone already (another run pruned it) or not ours to delete
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= max_total_bytes:
            break
        try:
            os.unlink(path)
            removed += 1
        except OSError:
            pass
        total -= size
    return removed


def _files(directory: Path, recursive: bool):
    """The regular files in ``directory`` (and below it when ``recursive``), as os.DirEntry; none if unreadable."""
    pending = [directory]
    while pending:
        try:
            listing = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for item in listing:
            try:
                if item.is_dir(follow_symlinks=False):
                    if recursive:
                        pending.append(Path(item.path))
                elif item.is_file(follow_symlinks=False):
                    yield item
            except OSError:
                continue
