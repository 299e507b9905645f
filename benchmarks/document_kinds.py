"""Document kinds: how the tool reads every corpus document that is not plain UTF-8 Markdown, dev beside test.

    python -m benchmarks.calibration --corpus-dir DIR [--labels-dir DIR ...] [--details] [--json]

For every document of the validity corpus (benchmarks/corpus/, texts built into
``--corpus-dir`` by ``python -m benchmarks.corpus build``) whose format is not Markdown
or whose encoding is not UTF-8, grouped by kind (format x encoding) and split:

- **read**: the document's raw bytes, written into an empty folder at the path the
  collector would see (a README at the root, any other document at its own path), come
  back from the local collector (``collect.local.collect_repo``) as a text file, never
  skipped as binary or too large; **decoded**: the collector's text equals the text
  decoded with the encoding the labeller recorded (encoding detection is exercised);
  **own**: the file is the person's (provenance did not exclude it from scoring);
- **structure**: the document analysis the rules use (``analyze_markdown``, by suffix)
  found at least one heading;
- README clarity (the ``readme`` category score, the document as the repository's only
  README): mean score per judged quality and strong-vs-weak ROC AUC where both exist;
- reflection detection at document level: a document is positive when its labels hold a
  tradeoff or lesson passage; detected is calibration.DETECTION (either reflection rule at
  its warn threshold). Negatives come only from fully labelled documents.

Nothing here feeds back into scoring; test figures are for reading, never fitting.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable, Optional

from benchmarks.corpus import DEV, LABELS_DIR, TEST, Corpus, corpus_file, document_text, split_for

SPLITS = (DEV, TEST)
PLAIN_FORMAT, PLAIN_ENCODING = "markdown", "utf-8"
POSITIVE_LABELS = ("tradeoff", "lesson")
QUALITY_ORDER = ("strong", "adequate", "weak")
README_CATEGORY = "readme"


def kind_of(document: dict) -> str:
    """"rst / utf-8", "markdown / utf-16": the group a document is counted in."""
    return f"{document.get('format') or PLAIN_FORMAT} / {(document.get('encoding') or PLAIN_ENCODING).lower()}"


def is_plain(document: dict) -> bool:
    return kind_of(document) == f"{PLAIN_FORMAT} / {PLAIN_ENCODING}"


def collected_path(document: dict) -> str:
    """Where the document sits in the one-document repository: a README at the root, else its own path."""
    path = PurePosixPath(document["path"])
    return path.name if document.get("kind") == "readme" else str(path)


@dataclass
class DocumentReading:
    """What the pipeline made of one document."""

    doc: str
    kind: str
    split: str
    path: str
    read: bool = False  # the collector kept it as a text file
    skip_reason: Optional[str] = None  # why the collector left it out, when it did
    decoded: bool = False  # the collector's text is the text the labeller's encoding gives
    own: bool = False  # provenance left it to be scored
    origin: str = ""
    headings: int = 0  # headings the document analysis found
    readme_score: Optional[float] = None  # readme category score, READMEs only
    quality: Optional[str] = None  # the reviewer's judgement, READMEs only
    truth: Optional[bool] = None  # has a tradeoff or lesson passage; None when unknown
    detected: Optional[bool] = None
    reflection_scores: dict = field(default_factory=dict)

    @property
    def structured(self) -> bool:
        return self.headings > 0


def _normalised(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


def _why_not_collected(repo, path: str) -> str:
    """The collector's own reason for leaving ``path`` out: a skipped entry for it or a folder above it, else its classification."""
    from portfolio_audit.collect.classify import classify_path, skipped_for_path

    for skipped in repo.skipped:
        folder = skipped.path.rstrip("/")
        if skipped.path == path or path.startswith(folder + "/"):
            return f"skipped: {skipped.reason}"
    if repo.collection_error:
        return f"collection failed: {repo.collection_error}"
    by_path = skipped_for_path(path)  # a folder walk prunes vendored folders without listing them
    if by_path is not None:
        return f"skipped: {by_path.reason}"
    if classify_path(path) is None:
        return "not kept: no README, document or source name, folder or suffix the collector knows"
    return "not collected"


def read_document(document: dict, raw: bytes, labelled_text: str, quality: Optional[str],
                  truth: Optional[bool]) -> DocumentReading:
    """Collect ``raw`` as the only file of a fresh folder, then analyse and evaluate what came back."""
    from benchmarks import calibration
    from portfolio_audit.analysis.markdown import analyze_markdown
    from portfolio_audit.collect.local import collect_repo
    from portfolio_audit.engine import evaluate_repo
    from tests.support.fixtures import FIXTURE_COLLECTED_AT

    path = collected_path(document)
    reading = DocumentReading(document["doc"], kind_of(document), split_for(document["repo"]), path,
                              quality=quality, truth=truth)
    with tempfile.TemporaryDirectory(prefix="kinds-") as scratch:
        root = Path(scratch) / document["doc"]
        target = root.joinpath(*PurePosixPath(path).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        repo = collect_repo(root)
    entry = next((f for f in repo.files if f.path == path), None)
    if entry is None:
        reading.skip_reason = _why_not_collected(repo, path)
        return reading
    reading.read = bool(entry.text.strip())
    reading.decoded = _normalised(entry.text) == _normalised(labelled_text)
    reading.origin, reading.own = entry.origin, entry.is_own
    analysis = analyze_markdown(entry.text, path=entry.path)
    reading.headings = sum(1 for s in analysis.sections if s.level and s.heading)
    result = evaluate_repo(repo, calibration.catalogue_for(calibration.PROSE_CATEGORIES), FIXTURE_COLLECTED_AT, None)
    if document.get("kind") == "readme":
        reading.readme_score = calibration.category_score(result, README_CATEGORY)
    reading.detected = calibration.detects_reflection(result)
    reading.reflection_scores = {rule: calibration.finding(result, rule)["score"] for rule in calibration.REFLECTION_RULES}
    return reading


def reflection_truth(corpus: Corpus) -> dict:
    """doc -> has a tradeoff or lesson passage; a document with none counts only when fully labelled."""
    positive = {p["doc"] for p in corpus.passages if p["label"] in POSITIVE_LABELS}
    truth = {}
    for doc_id, document in corpus.documents.items():
        if doc_id in positive:
            truth[doc_id] = True
        elif document.get("fully_labelled"):
            truth[doc_id] = False
    return truth


def read_corpus(corpus: Corpus, corpus_dir: Path) -> tuple:
    """(readings of every non-plain document that is built, ids of those not built)."""
    truth = reflection_truth(corpus)
    quality = {row["doc"]: row["quality"] for row in corpus.readmes}
    readings, missing = [], []
    for doc_id, document in sorted(corpus.documents.items()):
        if is_plain(document):
            continue
        source = corpus_file(corpus_dir, document)
        if not source.is_file():
            missing.append(doc_id)
            continue
        readings.append(read_document(document, source.read_bytes(), document_text(corpus_dir, document),
                                      quality.get(doc_id), truth.get(doc_id)))
    return readings, missing


# --- figures -------------------------------------------------------------------------


def _mean(values: list) -> Optional[float]:
    return sum(values) / len(values) if values else None


def group_figures(readings: list) -> dict:
    """Counts, README scores by quality, AUC and detection for one group of readings."""
    from benchmarks.calibration import roc_auc

    scores = {q: [r.readme_score for r in readings if r.quality == q and r.readme_score is not None]
              for q in QUALITY_ORDER}
    judged = [r for r in readings if r.truth is not None and r.detected is not None]
    tp = sum(r.truth and r.detected for r in judged)
    fp = sum(not r.truth and r.detected for r in judged)
    fn = sum(r.truth and not r.detected for r in judged)
    auc = roc_auc(scores["strong"], scores["weak"]) if scores["strong"] and scores["weak"] else None
    return {
        "documents": len(readings),
        "read": sum(r.read for r in readings),
        "decoded": sum(r.decoded for r in readings),
        "own": sum(r.own for r in readings),
        "structured": sum(r.structured for r in readings),
        "readme_mean": {q: _mean(v) for q, v in scores.items()},
        "readme_count": {q: len(v) for q, v in scores.items()},
        "auc": auc,
        "detection": {"judged": len(judged), "tp": tp, "fp": fp, "fn": fn,
                      "precision": tp / (tp + fp) if tp + fp else None,
                      "recall": tp / (tp + fn) if tp + fn else None},
    }


def kinds_figures(readings: list) -> dict:
    """{kind: {split: figures}}, with an "all" kind over every reading."""
    by_kind = defaultdict(list)
    for reading in readings:
        by_kind[reading.kind].append(reading)
        by_kind["all"].append(reading)
    return {kind: {split: group_figures([r for r in group if r.split == split]) for split in SPLITS}
            for kind, group in sorted(by_kind.items(), key=lambda kv: (kv[0] == "all", kv[0]))}


@dataclass
class DocumentKinds:
    readings: list
    missing: list
    figures: dict


def measure(labels_dirs: Iterable[Path], corpus_dir: Path) -> DocumentKinds:
    corpus = Corpus.load_all(labels_dirs)
    readings, missing = read_corpus(corpus, corpus_dir)
    return DocumentKinds(readings, missing, kinds_figures(readings))


# --- report --------------------------------------------------------------------------


def _of(count: int, total: int) -> str:
    return f"{count}/{total}" if total else "-"


def _num(value: Optional[float], decimals: int = 1) -> str:
    return "-" if value is None else f"{value:.{decimals}f}"


def _cell(fig: dict) -> list:
    det = fig["detection"]
    means = " ".join(f"{q[0]}{_num(fig['readme_mean'][q], 0)}({fig['readme_count'][q]})"
                     for q in QUALITY_ORDER if fig["readme_count"][q])
    return [str(fig["documents"]), _of(fig["read"], fig["documents"]), _of(fig["decoded"], fig["documents"]),
            _of(fig["own"], fig["documents"]), _of(fig["structured"], fig["documents"]), means or "-",
            _num(fig["auc"], 2), f"{_num(det['precision'], 2)}/{_num(det['recall'], 2)}" if det["judged"] else "-"]


COLUMNS = ("docs", "read", "decoded", "own", "headings", "README mean s/a/w (n)", "AUC", "refl P/R")


def problems(reading: DocumentReading) -> list:
    """What went wrong reading one document, in words (empty when nothing did)."""
    found = []
    if not reading.read:
        found.append(f"not read ({reading.skip_reason or 'empty'})")
    elif not reading.decoded:
        found.append("decoded differently from its labelled encoding")
    if reading.read and not reading.own:
        found.append(f"not scored: origin {reading.origin}")
    if reading.read and not reading.structured:
        found.append("no heading found")
    if reading.truth is not None and reading.detected is not None and reading.truth != reading.detected:
        found.append("reflection missed" if reading.truth else "reflection detected where none is labelled")
    return found


def render(kinds: DocumentKinds, details_for: tuple = (DEV,)) -> str:
    lines = ["", "Document kinds (corpus documents that are not UTF-8 Markdown; dev | test):",
             "  read = kept as text by the local collector; decoded = same text as the labelled encoding gives;",
             "  own = left to be scored; headings = document analysis found at least one;",
             "  README mean by judged quality (strong/adequate/weak, count); AUC strong vs weak; "
             "refl P/R = document-level reflection detection."]
    header = f"  {'kind':26}" + "".join(f" {c:>9}" if i != 5 else f" {c:>22}" for i, c in enumerate(COLUMNS))
    for split in SPLITS:
        lines += ["", f"  [{split}]", header]
        for kind, per_split in kinds.figures.items():
            fig = per_split[split]
            if not fig["documents"]:
                continue
            cells = _cell(fig)
            lines.append(f"  {kind:26}" + "".join(f" {c:>9}" if i != 5 else f" {c:>22}" for i, c in enumerate(cells)))
    for split in details_for:
        rows = [(r, problems(r)) for r in kinds.readings if r.split == split]
        rows = [(r, p) for r, p in rows if p]
        lines += ["", f"  Read poorly ({split}): {len(rows)} document(s)"]
        for reading, found in rows:
            score = "" if reading.readme_score is None else f", README {reading.readme_score:.1f} ({reading.quality or 'unjudged'})"
            lines.append(f"    {reading.doc} {reading.kind} {reading.path}{score}: {'; '.join(found)}")
    if kinds.missing:
        lines.append(f"  {len(kinds.missing)} document(s) not built (run python -m benchmarks.corpus build): "
                     + ", ".join(kinds.missing[:10]))
    return "\n".join(lines)


def as_json(kinds: DocumentKinds) -> dict:
    return {
        "figures": kinds.figures,
        "documents": [dict(vars(r), structured=r.structured, problems=problems(r)) for r in kinds.readings],
        "missing": kinds.missing,
    }


DEFAULT_LABELS_DIRS = (LABELS_DIR,)
