"""Collaboration kinds: how the person answers, closes, describes, reviews and contributes on GitHub.

One module per concern: ``replies`` (how the project answers other people), ``pull_requests``
(what the owner writes on pull requests and reviews), ``community`` (guiding outside
contributors, work merged elsewhere), and ``common`` (who is who, durations, evidence).
Importing this package registers their kinds.
"""

from __future__ import annotations

from . import community, pull_requests, replies  # noqa: F401 (registers their kinds)
