"""The whole-audit benchmark tree: five real public projects with their docs, pinned by commit, exported from local mirrors.

    python -m benchmarks.tree build --mirror-dir /work/.mirror --out /work/bench-tree
    python -m benchmarks.tree list

Nothing fetched is committed: this module holds only each project's repository and
commit. ``build`` exports each pinned commit's tree with ``git archive`` from a bare
mirror (``<mirror-dir>/<owner>+<name>/repo``, the layout the session's fetch tool
leaves) into ``<out>/<name>``, one plain folder per project, which ``portfolio-audit
audit <out>`` reads as a folder of projects. The mix is the one issue 17 asks for: a
Python library with a Sphinx ``docs/``, a C project, a TypeScript monorepo, a Go project
and a Java project, 48 MB and about 8,300 files in all.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """One pinned public repository of the tree."""

    repo: str  # owner/name on GitHub
    commit: str
    what: str

    @property
    def folder(self) -> str:
        return self.repo.split("/", 1)[1]


PROJECTS = (
    Project("pallets/flask", "2ac89889f4cc330eabd50f295dcef02828522c69", "Python library, Sphinx docs/"),
    Project("curl/curl", "5c61e168698a72b87437d58ed728bcdea6d5db42", "C, docs-heavy (man pages, docs/*.md)"),
    Project("vitejs/vite", "a98c8d95d552c6fa98ab66fb810f5b39ad5abf49", "TypeScript monorepo with a docs site"),
    Project("apache/commons-lang", "d15939ef46f0bd4144994df8be95cf5a7f91eb52", "Java library"),
    Project("spf13/cobra", "adbc8813901bba65827259daa8e22ff94ec1f30e", "Go library with site docs"),
)
DEFAULT_OUT = "/work/bench-tree"
DEFAULT_MIRRORS = "/work/.mirror"
# The same settings the collector runs git with where they apply to archive: no hooks,
# attributes, pagers or helpers from anywhere but the command line.
_GIT_CONFIG = ("core.fsmonitor=false", "core.hooksPath=/dev/null", "core.attributesFile=/dev/null",
               "core.pager=cat", "protocol.allow=never", "credential.helper=", "gc.auto=0")


def mirror_of(mirror_dir: str, project: Project) -> Path:
    return Path(mirror_dir) / project.repo.replace("/", "+") / "repo"


def _archive(git_dir: Path, commit: str) -> bytes:
    command = ["git", "--git-dir", str(git_dir)]
    for setting in _GIT_CONFIG:
        command += ["-c", setting]
    command += ["archive", "--format=tar", commit]
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0"}
    return subprocess.run(command, check=True, capture_output=True, env=env).stdout


def build(mirror_dir: str, out: str, force: bool = False) -> list:
    """Export every project into ``out``; a project folder already there is kept unless ``force``. Returns the folders."""
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    folders = []
    for project in PROJECTS:
        target = root / project.folder
        folders.append(target)
        if target.exists():
            if not force:
                continue
            shutil.rmtree(target)
        git_dir = mirror_of(mirror_dir, project)
        if not git_dir.is_dir():
            raise SystemExit(f"no mirror of {project.repo} at {git_dir}: fetch it first")
        data = _archive(git_dir, project.commit)
        target.mkdir()
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            # The "data" filter refuses links out of the folder, device files and absolute names.
            archive.extractall(target, filter="data")
    return folders


def tree_size(out: str) -> tuple:
    """(files, bytes) under ``out``, links not followed."""
    files = size = 0
    for folder, _, names in os.walk(out):
        for name in names:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                files += 1
                size += os.path.getsize(path)
    return files, size


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tree", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("build", help="export the pinned commits into --out")
    make.add_argument("--mirror-dir", default=DEFAULT_MIRRORS)
    make.add_argument("--out", default=DEFAULT_OUT)
    make.add_argument("--force", action="store_true", help="re-export folders that already exist")
    sub.add_parser("list", help="print the pinned projects")
    args = parser.parse_args(argv)
    if args.command == "list":
        for project in PROJECTS:
            print(f"{project.repo}@{project.commit}  {project.what}")
        return 0
    build(args.mirror_dir, args.out, args.force)
    files, size = tree_size(args.out)
    print(f"{args.out}: {len(PROJECTS)} projects, {files:,} files, {size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
