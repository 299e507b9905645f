"""Benchmark: CPU of each stage of one in-process cold audit, and a digest of everything the stages made.

    PYTHONPATH=CHECKOUT taskset -c 0 python benchmarks/audit_stages.py [--tree /work/bench-tree]

One cold audit (``--no-cache``, JSON) in this process, without worker processes, with
collection, Markdown parsing, the reflection detector (its features and cue detector
inside it), and source analysis wrapped by CPU timers. Besides the seconds it prints a
digest of the ``repr`` of every parsed document, every reflection and every source analysis
(sorted), and the MD5 of the result JSON without ``collected_at``: a speed-up
that keeps both digests keeps what the stages made, not only the report. Run it with
``PYTHONPATH`` at another checkout (``git archive COMMIT | tar -x -C DIR``) for the "before"
figures of docs/performance.md; run as a file, so that ``PYTHONPATH`` decides which
``portfolio_audit`` is imported (``python -m`` would put the working folder first), and it
prints which one it was.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os
import tempfile
import time

DEFAULT_TREE = "/work/bench-tree"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", default=DEFAULT_TREE)
    args = parser.parse_args()

    import portfolio_audit
    import portfolio_audit.analysis.markdown as markdown
    import portfolio_audit.analysis.reflection as reflection
    import portfolio_audit.analysis.reflection_cues as reflection_cues
    import portfolio_audit.analysis.source.analyze as source
    import portfolio_audit.collect.local as local
    import portfolio_audit.kinds.reflection as reflection_kind
    from portfolio_audit import cli, engine

    # One process: the stages' times are this process's CPU.
    engine.MIN_REPOS_FOR_WORKERS = engine.MIN_BYTES_FOR_WORKERS = float("inf")
    local.MIN_FILES_FOR_WORKERS = float("inf")
    seconds: collections.Counter = collections.Counter()
    made: list = []

    def timed(module, name: str, stage: str, digest: bool = False) -> None:
        function = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = time.process_time()
            value = function(*args, **kwargs)
            seconds[stage] += time.process_time() - start
            if digest:
                made.append((stage, hashlib.md5(repr(value).encode()).hexdigest()))
            return value

        setattr(module, name, wrapper)

    timed(local, "_collect_projects", "collection")
    timed(markdown, "analyze_markdown", "Markdown parsing", digest=True)
    timed(reflection_kind, "detect", "reflection detector", digest=True)
    timed(reflection, "document_features", "  its features")
    timed(reflection_cues, "find_passages", "  its cue detector")
    timed(source, "analyze_source", "source analysis", digest=True)
    with tempfile.TemporaryDirectory() as workdir:
        output = os.path.join(workdir, "result.json")
        start = time.process_time()
        try:
            cli.main(["audit", args.tree, "--no-cache", "-f", "json", "-o", output, "-q"])
        except SystemExit:
            pass
        total = time.process_time() - start
        with open(output, encoding="utf-8") as handle:
            kept = "".join(line for line in handle if "collected_at" not in line)
    print(f"portfolio_audit from {os.path.dirname(portfolio_audit.__file__)}")
    for stage in ("collection", "Markdown parsing", "reflection detector", "  its features", "  its cue detector",
                  "source analysis"):
        print(f"{stage:22s} {seconds[stage]:6.2f} s CPU")
    print(f"{'whole audit':22s} {total:6.2f} s CPU")
    digest = hashlib.md5("".join(f"{stage}={value}\n" for stage, value in sorted(made)).encode()).hexdigest()
    print(json.dumps({"analyses": len(made), "analyses_digest": digest,
                      "result_md5_without_collected_at": hashlib.md5(kept.encode()).hexdigest()}))


if __name__ == "__main__":
    main()
