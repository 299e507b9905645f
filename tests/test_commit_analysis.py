"""Which commits a person wrote a subject for: release commits named by their version are marks, not messages."""

from __future__ import annotations

import pytest

from portfolio_audit.analysis import commits as C
from portfolio_audit.snapshot import Commit


def _commit(subject: str, files: int = 1, insertions: int = 1, deletions: int = 1) -> Commit:
    return Commit(sha="f" * 40, subject=subject, body="", author="ana", authored_at="2026-01-01T00:00:00+00:00",
                  files_changed=files, insertions=insertions, deletions=deletions)


@pytest.mark.parametrize("subject", [
    "2.5.0", "v0.1.8", "Release 0.6", "release: 0.8.1", "gauge: release 0.4.2", "gauge: 1.0.0",
    "gauge-1.0.3", "Version 2.0", "1.0.0-alpha.1", "Release 3.2.",
])
def test_a_subject_that_is_only_a_version_is_a_release_commit_and_skipped(subject):
    assert C.is_release_commit(_commit(subject))
    assert not C.authored_by_a_person(_commit(subject))


@pytest.mark.parametrize("subject", [
    "fix 2.0", "update for 1.3", "Release 0.6 with a --watch flag", "Bump serde from 1.0.1 to 1.0.2",
    "Support Python 3.12", "2", "readme: update for 0.8",
])
def test_a_subject_that_says_more_than_a_version_is_judged_as_written(subject):
    assert not C.is_release_commit(_commit(subject))
    assert C.authored_by_a_person(_commit(subject))


def test_a_version_subject_on_a_commit_of_new_work_is_a_work_commit_that_says_nothing():
    assert not C.is_release_commit(_commit("version 1.0", files=30, insertions=673, deletions=0))
    assert not C.is_release_commit(_commit("Version 1.1", files=2, insertions=38, deletions=0))
    assert C.is_release_commit(_commit("Version 1.1", files=2, insertions=3, deletions=3))


def test_a_version_subject_whose_size_was_not_collected_is_judged_by_its_subject():
    assert C.is_release_commit(_commit("2.0.1", files=0, insertions=0, deletions=0))
