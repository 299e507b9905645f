"""Replacing a file atomically, for the caches: a reader sees the old file or the new one, never half.

Kept apart from the caches so the analysis cache can use it without importing
``requests`` through the HTTP cache (a local audit never needs it).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Temporary files start with this; a cache's pruning deletes old ones left by killed runs.
TEMP_PREFIX = ".tmp-"


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
