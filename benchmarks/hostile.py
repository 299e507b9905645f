"""Benchmark: peak memory on each hostile input, every one in a process of its own.

    python -m benchmarks.hostile [--only NAME ...] [--keep DIR]

Each case builds one hostile input in a temporary folder (a checkout, an archive, a
snapshot, a rules folder), then runs the real command line on it (or, for archives, the
archive reader) in a child process and reads that process tree's peak resident set size
from ``wait4`` (which includes the git processes it ran). Inputs are built in a child
process too: a forked child starts with its parent's peak, so this process stays small.
It prints one row per input: the exit code, the peak RSS in MiB, the seconds taken and
whether the peak is within TARGET_PEAK_RSS_MIB. It asserts nothing (tests/hardening/
asserts the behaviour).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

MEBIBYTE = 1024 * 1024
# docs/performance.md: no single hostile input may take more than this.
TARGET_PEAK_RSS_MIB = 300
README = "# Tool\n\nTool is a small project with one hostile corner, for measuring what it costs.\n"
GIT_ENV = {"GIT_AUTHOR_NAME": "Ada Tester", "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_COMMITTER_NAME": "Ada Tester",
           "GIT_COMMITTER_EMAIL": "ada@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
ROOT = Path(__file__).resolve().parent.parent


def _git(path: Path, *args: str, stdin=None) -> None:
    subprocess.run(["git", *args], cwd=path, env=dict(os.environ, **GIT_ENV), check=True, capture_output=True,
                   input=stdin)


def _project(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(README, encoding="utf-8")
    return folder


def _fast_import(path: Path, commits) -> Path:
    """A repository built by git fast-import from ``commits``: (message bytes, {path: bytes}) pairs, oldest first."""
    path.mkdir(parents=True)
    _git(path, "init", "-q", "-b", "main")
    process = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=path, stdin=subprocess.PIPE,
                               env=dict(os.environ, **GIT_ENV))
    for index, (message, files) in enumerate(commits):
        stamp = 1767000000 + index
        process.stdin.write(f"commit refs/heads/main\nauthor Ada Tester <ada@example.org> {stamp} +0000\n"
                            f"committer Ada Tester <ada@example.org> {stamp} +0000\n".encode())
        process.stdin.write(f"data {len(message)}\n".encode() + message + b"\n")
        for name, data in files.items():
            process.stdin.write(f"M 644 inline {name}\ndata {len(data)}\n".encode() + data + b"\n")
    process.stdin.close()
    if process.wait() != 0:
        raise RuntimeError("git fast-import failed")
    _git(path, "checkout", "-q", "-f", "main")
    return path


def _audit(path: Path, *extra: str) -> list:
    return [sys.executable, "-m", "portfolio_audit", "audit", str(path), "-f", "json", "-o", os.devnull, "--no-cache",
            "-q", *extra]


# --- the hostile inputs ----------------------------------------------------------------------

def sparse_2_gb_file(work: Path) -> list:
    project = _project(work / "sparse")
    with open(project / "huge.py", "wb") as handle:
        handle.truncate(2 * 1024 * MEBIBYTE)
    return _audit(project)


def commit_messages_200_x_10_mb(work: Path) -> list:
    body = b"Because the log must stay readable. " * (10 * MEBIBYTE // 36)
    commits = ((f"Change {i} of the tool\n\n".encode() + body, {"README.md": (README + f"Step {i}.\n").encode()})
               for i in range(200))
    return _audit(_fast_import(work / "chatty", commits))


def commit_touching_50000_files(work: Path) -> list:
    files = {f"src/m{i:05d}.py": b"VALUE = 1\n" for i in range(50_000)}
    files["README.md"] = README.encode()
    return _audit(_fast_import(work / "wide", [(b"Add every module at once\n", files)]))


def alias_bomb_annotation(work: Path) -> list:
    from tests.support.github_world import alias_bomb

    project = _project(work / "bomb")
    (project / ".portfolio-audit.yml").write_text(alias_bomb(), encoding="utf-8")
    return _audit(project)


def folders_2000_deep(work: Path) -> list:
    project = _project(work / "deep")
    handle = os.open(project, os.O_RDONLY | os.O_DIRECTORY)
    for _ in range(2000):
        os.mkdir("d", dir_fd=handle)
        inner = os.open("d", os.O_RDONLY | os.O_DIRECTORY, dir_fd=handle)
        os.close(handle)
        handle = inner
    os.close(handle)
    return _audit(project)


def manifest_json_100000_deep(work: Path) -> list:
    project = _project(work / "manifest")
    (project / "package.json").write_text('{"description": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    return _audit(project)


def _page(size: int) -> bytes:
    """A document of about ``size`` bytes in ordinary paragraphs."""
    paragraph = ("We chose plain files over a database because the data is small and read once a week. "
                 * 4 + "\n\n").encode()
    return paragraph * (size // len(paragraph))


def text_over_the_repository_cap(work: Path) -> list:
    project = _project(work / "bulky")
    (project / "docs").mkdir()
    page = _page(500 * 1024)
    for index in range(300):  # 150 MB of documents, three times the cap
        (project / "docs" / f"note{index:03d}.md").write_bytes(f"# Note {index}\n\n".encode() + page)
    return _audit(project)


def plain_folder_of_50000_files(work: Path) -> list:
    project = _project(work / "many")
    (project / "src").mkdir()
    for index in range(50_000):
        (project / "src" / f"m{index:05d}.py").write_bytes(b"VALUE = 1\n")
    return _audit(project)


def _tarball(path: Path, members) -> Path:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as zipped:
        with tarfile.open(fileobj=zipped, mode="w|", format=tarfile.PAX_FORMAT) as archive:
            for name, data in members:
                info = tarfile.TarInfo(f"owner-repo-0123456/{name}")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
    return path


def _read_archive(path: Path) -> list:
    return [sys.executable, "-m", "benchmarks.hostile", "--read-archive", str(path)]


def archive_gzip_bomb(work: Path) -> list:
    from portfolio_audit.collect.classify import MAX_FILE_BYTES

    zeros = b"\0" * (MAX_FILE_BYTES - 1)
    return _read_archive(_tarball(work / "bomb.tar.gz", ((f"bomb/{i}.py", zeros) for i in range(1100))))


def archive_over_the_text_cap(work: Path) -> list:
    page = _page(500 * 1024)
    return _read_archive(_tarball(work / "docs.tar.gz", ((f"docs/n{i:04d}.md", page) for i in range(1000))))


def snapshot_100000_deep(work: Path) -> list:
    path = work / "deep.json"
    path.write_text('{"collected_at": "x", "repos": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    return _audit(path)


def snapshot_with_huge_integers(work: Path) -> list:
    path = work / "ints.json"
    path.write_text('{"collected_at": "x", "repos": [' + ",".join(["9" * 10_000] * 2_000) + "]}", encoding="utf-8")
    return _audit(path)


def rule_file_of_200_mb(work: Path) -> list:
    import shutil

    rules = work / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with open(rules / "readme" / "huge.yml", "wb") as handle:
        handle.truncate(200 * MEBIBYTE)
    return [sys.executable, "-m", "portfolio_audit", "rules", "list", "--rules", str(rules)]


def ordinary_example_portfolio(work: Path) -> list:
    """For comparison: the three example projects, nothing hostile."""
    return _audit(ROOT / "examples" / "portfolio")


CASES: dict = {
    "ordinary example portfolio (reference)": ordinary_example_portfolio,
    "sparse 2 GB file in a checkout": sparse_2_gb_file,
    "200 commits with 10 MB messages": commit_messages_200_x_10_mb,
    "one commit touching 50,000 files": commit_touching_50000_files,
    "YAML alias bomb as .portfolio-audit.yml": alias_bomb_annotation,
    "2,000 nested folders": folders_2000_deep,
    "package.json nested 100,000 deep": manifest_json_100000_deep,
    "150 MB of documents (3x the text cap)": text_over_the_repository_cap,
    "plain folder of 50,000 files": plain_folder_of_50000_files,
    "gzip bomb archive (1,100 x 512 KiB)": archive_gzip_bomb,
    "archive of 1,000 x 500 KiB documents": archive_over_the_text_cap,
    "snapshot nested 100,000 deep": snapshot_100000_deep,
    "snapshot of 2,000 10,000-digit integers": snapshot_with_huge_integers,
    "200 MB rule file": rule_file_of_200_mb,
}


def measure(argv: list) -> tuple:
    """(exit code, peak RSS in MiB of the child's process tree, seconds)."""
    started = time.perf_counter()
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 2, 3, 4):
        sys.stderr.write(stderr.decode("utf-8", "replace")[-2000:])
    return process.returncode, usage.ru_maxrss / 1024, time.perf_counter() - started


def read_archive(path: str) -> int:
    """The child side of the archive cases: read one tarball as the GitHub collector would."""
    from portfolio_audit.collect.archive import ArchiveError, read_tarball

    try:
        files, skipped, _ = read_tarball(Path(path).read_bytes())
    except ArchiveError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 3
    print(json.dumps({"kept": len(files), "skipped": len(skipped)}))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="run only the cases whose name contains one of these words")
    parser.add_argument("--keep", metavar="DIR", help="build the inputs in DIR and leave them there")
    parser.add_argument("--read-archive", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--build", nargs=2, metavar=("CASE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read_archive:
        return read_archive(args.read_archive)
    if args.build:
        print(json.dumps(CASES[args.build[0]](Path(args.build[1]))))
        return 0
    chosen = {name: build for name, build in CASES.items()
              if not args.only or any(word.lower() in name.lower() for word in args.only)}
    rows = []
    with tempfile.TemporaryDirectory(prefix="hostile-") as temporary:
        work = Path(args.keep or temporary)
        for index, (name, build) in enumerate(chosen.items()):
            folder = work / f"case-{index:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            built = time.perf_counter()
            command = _build(name, folder)
            build_seconds = time.perf_counter() - built
            code, peak, seconds = measure(command)
            rows.append((name, code, peak, seconds, build_seconds))
            print(f"{name}: exit {code}, peak RSS {peak:.0f} MiB, {seconds:.1f} s (input built in {build_seconds:.1f} s)",
                  flush=True)
            if not args.keep:
                _remove(folder)
    width = max(len(row[0]) for row in rows)
    print(f"\n{'Hostile input'.ljust(width)}  exit  peak RSS  seconds  within {TARGET_PEAK_RSS_MIB} MiB")
    for name, code, peak, seconds, _ in rows:
        print(f"{name.ljust(width)}  {code:>4}  {peak:>4.0f} MiB  {seconds:>7.1f}  {'yes' if peak <= TARGET_PEAK_RSS_MIB else 'NO'}")
    return 0


def _build(name: str, folder: Path) -> list:
    """The command to measure, from building the input in a child process (see the module docstring)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-m", "benchmarks.hostile", "--build", name, str(folder)], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _remove(folder: Path) -> None:
    """Remove a case's folder, including 2,000 nested ones (shutil.rmtree recurses too deep for those)."""
    import shutil

    for root in [folder / "deep"] if (folder / "deep").is_dir() else []:
        top, spare = root / "d", root / "lifted"
        while top.is_dir():
            inner = top / "d"
            if inner.is_dir():
                os.rename(inner, spare)
                os.rmdir(top)
                os.rename(spare, top)
            else:
                os.rmdir(top)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
