"""Class 10: output paths. Special files are written in place, never renamed over; a failed write
leaves no temporary file; an ``-o`` naming a folder, or a file in a missing folder, is refused
before any work is done.

``-o /dev/null`` as root used to replace the device with a regular file (the report was
written beside it and renamed over it). The tests use a FIFO and links to devices in a
temporary folder, so no run of them, fixed or not, can touch /dev itself.
"""

from __future__ import annotations

import io
import os
import stat
import threading
from pathlib import Path

import pytest

from portfolio_audit import app, pipeline
from portfolio_audit.collect import local
from portfolio_audit.errors import AuditError, ExitCode

from ..helpers import run_cli

README = "# Tool\n\nTool is a small project whose report goes somewhere unusual.\n"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "tool"
    root.mkdir()
    (root / "README.md").write_text(README, encoding="utf-8")
    return root


def _null_is_a_device() -> bool:
    # Another program run as root with `-o /dev/null` (an unfixed version of this tool) can leave
    # a regular file there; the checks below are about what this run does to it.
    return stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_link_to_a_device_stays_a_link_and_the_device_a_device(tmp_path, project):
    link = tmp_path / "sink"
    link.symlink_to(os.devnull)
    was_device = _null_is_a_device()
    done = run_cli("audit", str(project), "-f", "md", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert _null_is_a_device() or not was_device
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sink")] == []


def test_dev_null_is_written_in_place():
    if not _null_is_a_device():
        pytest.skip("/dev/null is not a device on this machine (something replaced it)")
    assert app._is_special(Path(os.devnull))  # so write_output opens it, never renames over it


def test_a_fifo_receives_the_report_and_stays_a_fifo(tmp_path, project):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    done = run_cli("audit", str(project), "-f", "json", "-o", str(fifo))
    reader.join(timeout=60)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0].startswith(b"{")


def test_a_link_to_a_regular_file_is_written_through_and_stays_a_link(tmp_path, project):
    target = tmp_path / "reports" / "latest.md"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(target)
    done = run_cli("audit", str(project), "-f", "md", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and target.read_text(encoding="utf-8").startswith("# Portfolio audit")


def test_a_failed_write_removes_its_temporary_file(tmp_path, monkeypatch):
    def refuse(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(AuditError) as error:
        app.write_output("report\n", str(tmp_path / "report.md"), io.StringIO())
    assert error.value.exit_code == ExitCode.USAGE and "disk is full" in error.value.message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["folder", "missing-folder", "link-into-missing-folder", "link-to-folder"])
def test_an_unwritable_output_is_refused_before_any_work(tmp_path, project, monkeypatch, where):
    output = tmp_path if where == "folder" else tmp_path / "missing" / "report.html"
    if where.startswith("link"):
        # A link is written through: what counts is the folder its target would be created in.
        output = tmp_path / "report-link.html"
        output.symlink_to(tmp_path / "missing" / "report.html" if where == "link-into-missing-folder" else tmp_path)
    started = []
    monkeypatch.setattr(local, "collect_repo", lambda *args, **kwargs: started.append(args))
    monkeypatch.setattr(pipeline, "collect_local", lambda *args, **kwargs: started.append(args))
    with pytest.raises(AuditError) as error:
        app.run_audit(app.AuditSettings(inputs=(str(project),), output=str(output)), stdout=io.StringIO(),
                      stderr=io.StringIO())
    assert error.value.exit_code == ExitCode.USAGE and started == []
    for run in (lambda: app.run_collect((str(project),), str(output), 10, True, stdout=io.StringIO()),
                lambda: app.run_render(str(tmp_path / "result.json"), "html", str(output), True)):
        with pytest.raises(AuditError) as error:
            run()
        assert error.value.exit_code == ExitCode.USAGE and "result.json" not in error.value.message
    assert started == []
