"""Benchmark: reading a 50,000-file GitHub tarball (the only archive format the collectors read: gzip'd tar).

    python -m benchmarks.archive [--files 50000] [--code DIR] [--keep FILE]

Builds a tarball shaped like GitHub's (``git archive``: a pax global header with the
commit, one top folder, folder entries, PAX format) from generated content: source in
five languages, documents, binaries named as images, a vendored ``node_modules/``, test
fixtures, lock files, long and non-ASCII names, links. It then reads it with
``read_tarball`` in a child process (``--code DIR`` imports portfolio_audit from another
checkout, for a before/after on the same archive) and prints wall and CPU seconds, peak
RSS of that process (``os.wait4``) and a SHA-256 of the pickled result, which must be the
same before and after. It asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import random
import subprocess
import sys
import tarfile
import tempfile
import time

DEFAULT_FILES = 50_000
TARGET_SECONDS = 5.0  # target 6 of issue 17
COMMIT = "5f0c9e8d7b6a5f4e3d2c1b0a99887766554433ff"
TOP = "octocat-portfolio-5f0c9e8"
SOURCE = {
    ".py": 'def {name}(value):\n    """Return the {name} of value."""\n    # why: callers pass None for "unset"\n    return value or {n}\n\n',
    ".js": "export function {name}(value) {{\n  // why: the API sends strings\n  return Number(value) + {n};\n}}\n\n",
    ".go": "// {Name} returns the {name} of v.\nfunc {Name}(v int) int {{\n\treturn v + {n}\n}}\n\n",
    ".java": "    /** The {name} of a value. */\n    public int {name}(int value) {{\n        return value + {n};\n    }}\n\n",
    ".c": "/* {name}: add {n} */\nint {name}(int value)\n{{\n    return value + {n};\n}}\n\n",
}
DOC = "# {Name}\n\nWhy {name} exists: we chose a queue over polling because load is bursty ({n}).\n\n"


def _text(template: str, rng: random.Random, size: int) -> bytes:
    parts, length, index = [], 0, 0
    while length < size:
        name = f"step_{rng.randrange(10_000)}_{index}"
        part = template.format(name=name, Name=name.title().replace("_", ""), n=index)
        parts.append(part)
        length += len(part)
        index += 1
    return "".join(parts).encode()


def members(count: int, seed: int = 7) -> list:
    """(path inside the top folder, kind, payload) for ``count`` files, in a stable mix."""
    rng = random.Random(seed)
    out = [("README.md", "file", _text(DOC, rng, 3000)), ("package.json", "file", b'{"name": "portfolio"}\n'),
           ("package-lock.json", "file", b"{}\n"), ("LICENSE", "file", b"MIT License\n")]
    suffixes = list(SOURCE)
    while len(out) < count:
        index = len(out)
        package = f"pkg{index % 97:02d}/mod{index % 13}"
        roll = rng.random()
        size = int(rng.lognormvariate(7.5, 1.0))  # median ~1.8 KB, a long tail
        if roll < 0.55:
            suffix = suffixes[index % len(suffixes)]
            out.append((f"src/{package}/file_{index}{suffix}", "file", _text(SOURCE[suffix], rng, size)))
        elif roll < 0.68:
            out.append((f"docs/{package}/note_{index}.md", "file", _text(DOC, rng, size)))
        elif roll < 0.78:
            out.append((f"assets/{package}/image_{index}.png", "file", bytes(rng.randrange(256) for _ in range(512))))
        elif roll < 0.88:
            out.append((f"node_modules/lib{index % 211}/index_{index}.js", "file", _text(SOURCE[".js"], rng, size)))
        elif roll < 0.93:
            out.append((f"tests/fixtures/case_{index}.py", "file", _text(SOURCE[".py"], rng, size // 4)))
        elif roll < 0.96:
            out.append((f"src/{package}/binary_{index}.py", "file", b"\0\1\2" * 200))
        elif roll < 0.98:
            out.append((f"src/{package}/" + "long_segment_" * 12 + f"{index}.py", "file", _text(SOURCE[".py"], rng, 400)))
        elif roll < 0.99:
            out.append((f"docs/{package}/caf\u00e9_{index}.md", "file", _text(DOC, rng, 500)))
        else:
            out.append((f"src/{package}/link_{index}.py", "symlink", "../../README.md"))
    return out[:count]


def build(count: int) -> bytes:
    raw = io.BytesIO()
    folders = set()
    with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as zipped:
        with tarfile.open(fileobj=zipped, mode="w|", format=tarfile.PAX_FORMAT,
                          pax_headers={"comment": COMMIT}) as out:
            for path, kind, payload in sorted(members(count)):
                parts = path.split("/")
                for depth in range(len(parts)):
                    folder = "/".join([TOP] + parts[:depth])
                    if folder not in folders:
                        folders.add(folder)
                        info = tarfile.TarInfo(folder + "/")
                        info.type, info.mode = tarfile.DIRTYPE, 0o755
                        out.addfile(info)
                info = tarfile.TarInfo(f"{TOP}/{path}")
                info.mode = 0o644
                if kind == "symlink":
                    info.type, info.linkname = tarfile.SYMTYPE, payload
                    out.addfile(info)
                else:
                    info.size = len(payload)
                    out.addfile(info, io.BytesIO(payload))
    return raw.getvalue()


_CHILD = """
import hashlib, pickle, resource, sys, time
from portfolio_audit.collect.archive import read_tarball
data = open(sys.argv[1], "rb").read()
started, cpu = time.perf_counter(), time.process_time()
files, skipped, sha = read_tarball(data, repo_name="portfolio")
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
digest = hashlib.sha256(pickle.dumps((files, skipped, sha))).hexdigest()[:16]
print(seconds, cpu, len(files), len(skipped), digest)
"""


def read_in_child(path: str, code: str) -> dict:
    """read_tarball of the archive at ``path`` in a fresh process importing portfolio_audit from ``code``."""
    process = subprocess.Popen([sys.executable, "-c", _CHILD, path], cwd=code, stdout=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONPATH=code))
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"reading the archive failed (exit {os.waitstatus_to_exitcode(status)})")
    seconds, cpu, files, skipped, digest = output.split()
    return {"seconds": float(seconds), "cpu": float(cpu), "files": int(files), "skipped": int(skipped),
            "digest": digest, "rss_mib": usage.ru_maxrss / 1024}


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=DEFAULT_FILES)
    parser.add_argument("--code", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help="checkout whose portfolio_audit reads the archive (default: this one)")
    parser.add_argument("--keep", help="also write the archive here")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    data = build(args.files)
    print(f"archive: {args.files:,} files, {len(data) / 1e6:.1f} MB compressed, built in "
          f"{time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or os.path.join(folder, "portfolio.tar.gz")
        with open(path, "wb") as handle:
            handle.write(data)
        figures = read_in_child(path, args.code)
    print(f"read_tarball ({args.code}): {figures['seconds']:.2f} s wall, {figures['cpu']:.2f} s CPU, "
          f"peak RSS {figures['rss_mib']:.0f} MiB; {figures['files']} files kept, {figures['skipped']} skipped; "
          f"result sha256 {figures['digest']}")
    return [(f"{args.files:,}-file archive read <= {TARGET_SECONDS:g} s", f"{figures['seconds']:.2f} s "
             f"(CPU {figures['cpu']:.2f} s), peak RSS {figures['rss_mib']:.0f} MiB", figures["seconds"] <= TARGET_SECONDS)]


if __name__ == "__main__":
    main(sys.argv[1:])
