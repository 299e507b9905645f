"""Evaluate a snapshot against the rule catalogue: a pure function from snapshot to result.

The result is a plain dict (the canonical JSON, described by
schemas/result.schema.json); every renderer works from it alone.
"""

from __future__ import annotations

import math
from typing import Callable, Optional

from . import __version__, kinds
from . import scoring as S
from .annotations import EXCLUDED as EXCLUDED_PROJECT
from .annotations import PROJECT_TYPES
from .authorship import authorship_view, person_view, share
from .context import ProfileContext, RepoContext
from .heap import long_lived_frozen
from .records import (AnnotationView, CategoryFloor, CategoryScore, Counts, EvidenceItem, ExcludedFile, Finding, Improvement,
                      Material, PortfolioCategory, RepoResult, Result)
from .rules import Catalogue, Category, Rule
from .snapshot import COLLECTED_FIELDS, GIT_FAILURE_NOTE, RepoSnapshot, Snapshot
from .wording import listing
from .workers import fork_workers

RESULT_VERSION = "1"
# Evidence items kept per finding; the rest are counted so the reader knows.
MAX_EVIDENCE = 8
MAX_SNIPPET_CHARS = 240
# Top improvements listed in the report.
MAX_IMPROVEMENTS = 10
# Distinct "could not see this data" reasons listed among the caveats.
MAX_CAVEAT_REASONS = 5
# An assessed floor of one half reads as "half the weight" in a floored category's caveat.
HALF = 0.5
# Rule weights in a floor's record: enough digits for any weight a rule file gives, none of a sum's float noise.
WEIGHT_DIGITS = 3

CAVEATS = (
    "Scores are signals for a conversation, not verdicts: they read public text and code only.",
    "Private repositories, work under an employer's organisation and other platforms are invisible here.",
    "Stars, followers and commit counts never raise a score; little public work is marked "
    "'insufficient evidence', not scored low.",
)


def _snippet(text: Optional[str]) -> Optional[str]:
    if text is None:
        return None
    text = text.strip("\n")
    if len(text) > MAX_SNIPPET_CHARS:
        text = text[: MAX_SNIPPET_CHARS - 1].rstrip() + "…"
    return text


def _evidence_dicts(ctx: RepoContext, evidence: tuple) -> list[EvidenceItem]:
    items: list[EvidenceItem] = []
    for item in evidence[:MAX_EVIDENCE]:
        url = item.url or ctx.permalink(item.path, item.line)
        items.append(
            {
                "path": item.path,
                "line": item.line,
                "snippet": _snippet(item.snippet),
                "note": item.note,
                "url": url,
                "positive": item.positive,
            }
        )
    return items


def _unmet_requirement(rule: Rule, ctx: RepoContext) -> Optional[tuple]:
    """(outcome, reason) when the repo lacks data the rule requires, else None."""
    repo = ctx.repo
    for need in rule.requires:
        # A `requires` entry that names a collected field is that field of the snapshot.
        field = need if need in COLLECTED_FIELDS else None
        if need == "contributions":
            data = getattr(ctx, "contributions", None)
            if data is None:
                return (S.NOT_APPLICABLE, "a profile rule: it reads contributions to other projects")
            if not data.available:
                return (S.NOT_AVAILABLE, f"contributions to other projects not available: {data.reason or 'not collected'}")
        elif field:
            data = getattr(repo, field)
            if not data.available:
                return (S.NOT_AVAILABLE, f"{need.replace('_', ' ')} not available: {data.reason or 'not collected'}")
        elif need == "readme" and ctx.readme is None and rule.without_readme != "measure":
            # A rule that asks the README to say something fails when nothing of the person's says it.
            outcome = S.FAIL if rule.without_readme == S.FAIL else S.NOT_APPLICABLE
            generated = getattr(ctx, "generator_readme", None)
            if generated is not None:
                return (outcome, f"{generated.path} is an unedited generator README, not the person's writing")
            return (outcome, "no README to assess" if outcome == S.NOT_APPLICABLE else "no README at the repository root")
        elif need == "source" and not ctx.source_files:
            return (S.NOT_APPLICABLE, "no source code in this repository")
    return None


def without_readme_advice(rule: Rule) -> str:
    """The advice of a rule that fails because the repository has no README of the person's."""
    return f"Write a README of your own first; then this rule checks that {rule.title[:1].lower()}{rule.title[1:]}."


def evaluate_rule(rule: Rule, ctx: RepoContext) -> Finding:
    """One finding: the rule's outcome, score, evidence and advice for one repository."""
    finding: Finding = {
        "rule_id": rule.id,
        "title": rule.title,
        "category": rule.category,
        "weight": rule.weight,
        "outcome": None,
        "score": None,
        "summary": "",
        "evidence": [],
        "evidence_total": 0,
        "advice": None,
        "effort": rule.effort,
        "expected_gain": 0.0,
    }
    unmet = _unmet_requirement(rule, ctx)
    if unmet:
        finding["outcome"], finding["summary"] = unmet
        if finding["outcome"] == S.FAIL:
            # Scored 0 so the README category says what a reader finds; what to do is readme/present's
            # advice, and writing that README is where the gain is counted (_fill_expected_gains).
            finding["score"] = 0.0
            finding["evidence"] = [{"path": None, "line": None, "snippet": None, "url": None, "positive": False,
                                    "note": f"{finding['summary']}: nothing of the person's says this"}]
            finding["evidence_total"] = 1
            finding["advice"] = without_readme_advice(rule)
        return finding
    function = kinds.registry()[rule.kind]
    try:
        measurement = function(ctx, rule.params)
    except Exception as exc:  # noqa: BLE001 - one broken rule must not stop the audit
        finding["outcome"] = S.ERROR
        finding["summary"] = f"rule failed: {exc.__class__.__name__}: {exc}"[:300]
        return finding
    finding["evidence"] = _evidence_dicts(ctx, measurement.evidence)
    finding["evidence_total"] = len(measurement.evidence)
    finding["summary"] = measurement.summary
    if measurement.status in (S.NOT_APPLICABLE, S.NOT_AVAILABLE, S.NOT_ASSESSED):
        finding["outcome"] = measurement.status
        finding["summary"] = measurement.summary or measurement.reason or ""
        return finding
    raw = float(measurement.score) if measurement.score is not None else math.nan
    if not math.isfinite(raw):
        # A kind that returns no number (or NaN) has a bug; scoring it 0 or 100 would lie.
        finding["outcome"] = S.ERROR
        finding["summary"] = f"rule failed: kind {rule.kind!r} returned no finite score"
        return finding
    score = max(0.0, min(1.0, raw)) * 100
    finding["score"] = rounded = S.round_score(score)
    finding["outcome"] = S.outcome_for(rounded, rule.pass_at, rule.warn_at)
    if finding["outcome"] != S.PASS:
        readmeless = ctx.readme is None and "readme" in rule.requires
        finding["advice"] = without_readme_advice(rule) if readmeless else rule.advice_for(measurement.values)
    return finding


def material_of(ctx: RepoContext) -> Material:
    """How much the repository says: words of prose, lines of code, commits."""
    readme_words = len(ctx.readme.text.split()) if ctx.readme else 0
    doc_words = sum(len(entry.text.split()) for entry in ctx.docs)
    source_lines = sum(
        sum(1 for line in entry.text.splitlines() if line.strip()) for entry in ctx.source_files
    )
    commits = len(ctx.repo.commits.items) if ctx.repo.commits.available else None
    return {
        "readme_words": readme_words,
        "doc_words": doc_words,
        "source_files": len(ctx.source_files),
        "source_lines": source_lines,
        "commits": commits,
        "languages": sorted(ctx.languages, key=lambda lang: (-ctx.languages[lang], lang)),
    }


def _repo_header(repo: RepoSnapshot, kind: str = "repository") -> RepoResult:
    return {
        "kind": kind,
        "name": repo.name,
        "full_name": repo.full_name,
        "description": repo.description,
        "url": repo.html_url,
        "topics": list(repo.topics),
        "is_fork": repo.is_fork,
        "is_archived": repo.is_archived,
        "commit_sha": repo.commit_sha,
        "skipped_files": [{"path": s.path, "reason": s.reason} for s in repo.skipped],
        "files": [{"path": f.path, "kind": f.kind, "origin": f.origin} for f in repo.files],
        "excluded": excluded_files(repo),
    }


def excluded_files(repo: RepoSnapshot) -> list[ExcludedFile]:
    """Every file left out of scoring because someone else wrote it: {path, origin, reason}, in path order.

    Kept files of another origin (read, then not scored) and files left unread for their
    origin alike, so a reader can check each against the repository.
    """
    excluded: list[ExcludedFile] = [{"path": f.path, "origin": f.origin, "reason": f.origin_reason}
                                    for f in repo.files if not f.is_own]
    for skipped in repo.skipped:
        if skipped.origin:
            prefix = f"{skipped.origin}: "
            reason = skipped.reason[len(prefix):] if skipped.reason.startswith(prefix) else skipped.reason
            excluded.append({"path": skipped.path, "origin": skipped.origin, "reason": reason})
    return sorted(excluded, key=lambda item: item["path"])


def _category_scores(findings: list[Finding], catalogue: Catalogue) -> list[CategoryScore]:
    """Each category's weighted mean over the findings that were scored (see scoring.floored_mean)."""
    categories: list[CategoryScore] = []
    for category in catalogue.categories:
        scored = [(f["score"], f["weight"]) for f in findings if f["category"] == category.id]
        score = S.floored_mean(scored, _unread_weight(findings, category.id), category.assessed_floor)
        categories.append(
            {
                "id": category.id,
                "title": category.title,
                "weight": category.weight,
                "score": S.round_score(score),
                "band": S.band_for(score),
                "rules_scored": sum(1 for s, _ in scored if s is not None),
                "rules_total": len(scored),
                "floor": _category_floor(findings, category),
            }
        )
    return categories


def _category_floor(findings: list[Finding], category: Category) -> Optional[CategoryFloor]:
    """Why a category's score is averaged over more weight than was read; None where its floor did not bind.

    A lower score with no line saying why reads as a weaker README; the caveat names the rules
    that could not read it and what the floor does about them.
    """
    read = sum(f["weight"] for f in findings
               if f["category"] == category.id and f["score"] is not None and f["weight"] > 0)
    unread = _unread_weight(findings, category.id)
    averaged_over = S.floored_weight(read, unread, category.assessed_floor)
    if read == 0 or averaged_over <= read:
        return None
    abstained = [f["rule_id"] for f in findings if f["category"] == category.id and f["outcome"] == S.NOT_ASSESSED]
    # The rule's name within its category ("readme/setup" -> "setup") is what the sentence lists.
    names = listing([rule_id.rsplit("/", 1)[-1] for rule_id in abstained])
    rules = "the rule for" if len(abstained) == 1 else "the rules for"
    verb = "does" if len(abstained) == 1 else "do"
    share = "half the weight" if category.assessed_floor == HALF else f"{category.assessed_floor:.0%} of the weight"
    material = f"this {category.material}" if category.material else "this repository's material"
    caveat = (f"Only {read:g} of {read + unread:g} rule weight could read {material}: {rules} {names} {verb} not"
              f" read its language. The score is averaged over {share} ({averaged_over:g}, not {read:g}), so rules"
              " that abstain cannot lift it.")
    return {"read_weight": round(read, WEIGHT_DIGITS), "applicable_weight": round(read + unread, WEIGHT_DIGITS),
            "averaged_over": round(averaged_over, WEIGHT_DIGITS),
            "not_assessed": abstained, "caveat": caveat}


def evaluate_profile(snapshot: Snapshot, catalogue: Catalogue) -> Optional[RepoResult]:
    """The person's work beyond their own repositories, scored like one more repository.

    None when no profile rule exists or the source could not see contributions
    (a local folder): that absence is a caveat, not an empty card.
    """
    rules = [rule for rule in catalogue.rules if rule.scope == "profile"]
    if not rules or not snapshot.contributions.available:
        return None
    ctx = ProfileContext(snapshot.contributions, snapshot.collected_at, snapshot.owner)
    result = _repo_header(ctx.repo, kind="profile")
    result["description"] = "Pull requests and reviews in other people's repositories."
    result["url"] = (snapshot.owner or {}).get("html_url")
    findings = [evaluate_rule(rule, ctx) for rule in rules]
    categories = _category_scores(findings, catalogue)
    score = S.weighted_mean((c["score"], c["weight"]) for c in categories)
    result.update({
        "status": "scored" if score is not None else "insufficient_evidence",
        "status_reason": None if score is not None else "no contributions to other people's projects to assess",
        "material": None,
        "weight": S.PROFILE_WEIGHT if score is not None else 0.0,
        "score": S.round_score(score),
        "band": S.band_for(score),
        "categories": categories,
        "findings": findings,
    })
    return result


def evaluate_repo(repo: RepoSnapshot, catalogue: Catalogue, collected_at: str, owner: Optional[dict],
                  analysis_cache=None, prepared_documents: Optional[dict] = None) -> RepoResult:
    """One repository's result: a finding per rule, category scores, and the repository's score and weight.

    A repository that could not be collected, or says too little to judge (less than
    ``scoring.MIN_MATERIAL``), is reported with a status instead of a score.
    ``analysis_cache`` (analysis_cache.AnalysisCache), when given, supplies and keeps
    source analyses; the result is the same with or without it. So are ``prepared_documents``,
    document analyses another process made of this repository (evaluation_pool.py).
    """
    result = _repo_header(repo)
    if repo.annotation is not None:
        result["annotation"] = _annotation_view(repo.annotation)
    if result.get("annotation", {}).get("project") == EXCLUDED_PROJECT and not repo.collection_error:
        reason = f"the person excluded this repository ({result['annotation']['source']})"
        return _unevaluated(result, "excluded", reason)
    if repo.collection_error:
        return _unevaluated(result, "not_collected", repo.collection_error)
    ctx = RepoContext(repo, collected_at, owner, analysis_cache, prepared_documents)
    person_share = share(repo)
    result["authorship"] = authorship_view(repo, ctx.not_credited, person_share)
    material = material_of(ctx)
    total_material = material["readme_words"] + material["doc_words"] + material["source_lines"]
    findings = [evaluate_rule(rule, ctx) for rule in catalogue.rules if rule.scope == "repository"]
    ctx.save_analyses()
    categories = _category_scores(findings, catalogue)
    weight = S.repo_weight(total_material, repo.is_fork, repo.is_archived, person_share)
    insufficient = total_material < S.MIN_MATERIAL
    score = None if insufficient else S.weighted_mean((c["score"], c["weight"]) for c in categories)
    result.update({
        "status": "insufficient_evidence" if insufficient else "scored",
        "status_reason": (
            f"only {total_material} words and lines of material (at least {S.MIN_MATERIAL} needed to score)"
            if insufficient
            else None
        ),
        "material": material,
        "weight": weight,
        "score": S.round_score(score),
        "band": S.band_for(score),
        "categories": categories,
        "findings": findings,
    })
    return result


def evaluate_repo_isolated(repo: RepoSnapshot, catalogue: Catalogue, collected_at: str, owner: Optional[dict],
                           analysis_cache=None, prepared_documents: Optional[dict] = None) -> RepoResult:
    """``evaluate_repo``, except that a failure becomes this repository's "not collected: error ..." entry.

    A kind that raises is already an error for its rule only; this catches what is left (a
    record no kind expected, a bug), so one repository never costs the report.
    """
    try:
        return evaluate_repo(repo, catalogue, collected_at, owner, analysis_cache, prepared_documents)
    except Exception as exc:  # noqa: BLE001 - one repository must not abort the audit
        reason = f"error while evaluating: {exc.__class__.__name__}: {exc}"[:MAX_ERROR_CHARS]
        header: RepoResult
        try:
            header = _repo_header(repo)
        except Exception:  # noqa: BLE001 - the header itself may be what failed
            header = {"kind": "repository", "name": str(repo.name), "full_name": str(repo.full_name), "description": None,
                      "url": None, "topics": [], "is_fork": False, "is_archived": False, "commit_sha": None,
                      "skipped_files": [], "files": [], "excluded": []}
        return _unevaluated(header, "not_collected", reason)


# An error shown in place of a repository's findings is cut to this.
MAX_ERROR_CHARS = 300


def _unevaluated(result: RepoResult, status: str, reason: str) -> RepoResult:
    """A repository shown with its status and reason but never evaluated: weight 0, no findings."""
    result.update({"status": status, "status_reason": reason, "material": None, "weight": 0.0, "score": None,
                   "band": None, "categories": [], "findings": []})
    return result


def _annotation_view(annotation: dict) -> AnnotationView:
    """The annotation as the result shows it; a hand-edited snapshot cannot smuggle in other keys."""
    def text(key):
        value = annotation.get(key)
        return value if isinstance(value, str) else None

    project = text("project")
    return {
        "project": project if project in PROJECT_TYPES else None,
        "role": text("role"),
        "note": text("note"),
        "source": text("source"),
        "problems": [p for p in annotation.get("problems") or [] if isinstance(p, str)],
    }


def _unread_weight(findings: list, category_id: str) -> float:
    """The weight of a category's rules that applied but could not read the material (not assessed)."""
    return sum(f["weight"] for f in findings if f["category"] == category_id and f["outcome"] == S.NOT_ASSESSED)


def _fill_expected_gains(repos: list[RepoResult], catalogue: Catalogue) -> None:
    """Expected portfolio points gained if each finding reached 100, holding all else fixed.

    Follows the weighted means exactly: a rule's shortfall moves its category by
    w_rule/W_category (W_category raised to the category's assessed floor, as in
    scoring.floored_mean), that moves the repo by w_category/W_repo, and the repo
    moves the portfolio by w_repo/W_portfolio.
    """
    floors = {category.id: category.assessed_floor for category in catalogue.categories}
    total_repo_weight = sum(r["weight"] for r in repos if r["score"] is not None)
    for repo in repos:
        if repo["score"] is None or not total_repo_weight:
            continue
        scored_categories = {c["id"]: c for c in repo["categories"] if c["score"] is not None}
        category_weight_total = sum(c["weight"] for c in scored_categories.values())
        for finding in repo["findings"]:
            category = scored_categories.get(finding["category"])
            if finding["score"] is None or category is None:
                continue
            read = sum(f["weight"] for f in repo["findings"]
                       if f["category"] == finding["category"] and f["score"] is not None)
            rule_weight_total = S.floored_weight(read, _unread_weight(repo["findings"], finding["category"]),
                                                 floors.get(finding["category"], 0.0))
            gain = (
                (100 - finding["score"]) * finding["weight"] / rule_weight_total
                * category["weight"] / category_weight_total
                * repo["weight"] / total_repo_weight
            )
            finding["expected_gain"] = round(gain, 2)
        _gains_to_the_readme(repo["findings"], catalogue)


def _gains_to_the_readme(findings: list, catalogue: Catalogue) -> None:
    """Counts what fails for want of a README as the gain of writing one (the README rule's finding).

    Improvements list one step, "write a README", worth every README rule it unblocks, not six.
    """
    present = next((f for f in findings if (rule := catalogue.rule(f["rule_id"])) and rule.kind == "readme_present"
                    and f["score"] is not None), None)
    if present is None:
        return
    folded = 0.0
    for finding in findings:
        rule = catalogue.rule(finding["rule_id"])
        # The advice evaluate_rule gives a rule scored without a README ("fail" or "measure").
        if rule is not None and finding["advice"] == without_readme_advice(rule):
            folded += finding["expected_gain"]
            finding["expected_gain"] = 0.0
    if folded:
        present["expected_gain"] = round(present["expected_gain"] + folded, 2)


# Repositories named in the "partly collected" caveat; the report lists every one.
MAX_MISSING_NAMED = 10


def _partial_caveats(own: list[RepoResult]) -> list[str]:
    """A caveat naming the repositories that could not be collected: the score covers only the rest."""
    missing = [r["name"] for r in own if r["status"] == "not_collected"]
    if not missing:
        return []
    names = ", ".join(missing[:MAX_MISSING_NAMED])
    if len(missing) > MAX_MISSING_NAMED:
        names += f" and {len(missing) - MAX_MISSING_NAMED} more"
    return [f"Partly collected: {len(missing)} of {len(own)} repositories could not be read ({names}); "
            "the scores cover only the rest, so they are not the whole portfolio."]


def _floor_caveats(own: list[RepoResult], catalogue: Catalogue) -> list[str]:
    """One line per category that its assessed floor lowered in some repositories, naming them.

    The cards say why under each floored category; the summary says where to look, so a
    reader of the portfolio's lower README score sees that it is about what could be read.
    """
    lines = []
    for category in catalogue.categories:
        floored = [r["name"] for r in own if any(c["id"] == category.id and c.get("floor") for c in r.get("categories", []))]
        if not floored:
            continue
        names = listing(floored[:MAX_MISSING_NAMED] + ([f"{len(floored) - MAX_MISSING_NAMED} more"]
                                                        if len(floored) > MAX_MISSING_NAMED else []))
        material = category.material or "material"
        share = f" ({len(floored)} of {len(own)} repositories)" if len(own) > 1 else ""
        lines.append(f"{category.title} of {names}{share} is averaged over more"
                     f" weight than its rules could read: some could not read the {material}'s language, and what the"
                     " others read alone is not taken as the whole. Each repository's card says which rules.")
    return lines


def _unavailable_caveats(snapshot: Snapshot, rules: tuple = ()) -> list:
    """One line per reason naming the data that could not be seen (and so was not scored)."""
    by_reason: dict = {}
    for repo in snapshot.repos:
        if repo.collection_error:
            continue
        for field in COLLECTED_FIELDS:
            data = getattr(repo, field)
            if not data.available:
                names = by_reason.setdefault(data.reason or "not collected", [])
                label = field.replace("_", " ")
                if label not in names:
                    names.append(label)
    if not snapshot.contributions.available and any(r.scope == "profile" for r in rules):
        by_reason.setdefault(snapshot.contributions.reason or "not collected", []).append(
            "contributions to other projects")
    lines = []
    for reason, names in sorted(by_reason.items(), key=lambda item: (-len(item[1]), item[0]))[:MAX_CAVEAT_REASONS]:
        listed = listing(names)
        where = _repos_with_reason(snapshot, reason)
        lines.append(f"Not seen, so not scored: {listed} — {reason}{where}.")
    return lines


def _repos_with_reason(snapshot: Snapshot, reason: str) -> str:
    """" (in a, b)" naming the repositories a reason applies to, when it is not all of them (a broken history)."""
    collected = [repo for repo in snapshot.repos if not repo.collection_error]
    hit = [repo.name for repo in collected
           if any(not getattr(repo, field).available and (getattr(repo, field).reason or "not collected") == reason
                  for field in COLLECTED_FIELDS)]
    if not hit or len(hit) == len(collected):
        return ""
    names = ", ".join(hit[:MAX_MISSING_NAMED]) + (f" and {len(hit) - MAX_MISSING_NAMED} more" if len(hit) > MAX_MISSING_NAMED else "")
    return f" (in {names})"


def _git_failure_caveats(snapshot: Snapshot) -> list:
    """One line per repository whose history git could read only in part (or not at all), naming it and what failed."""
    lines = []
    for repo in snapshot.repos:
        for note in repo.skipped:
            if note.path == GIT_FAILURE_NOTE:
                lines.append(f"Git history of {repo.name} read in part: {note.reason}; commit rules saw only what was read.")
    return lines


# A large audit evaluates its repositories in forked worker processes (workers.py): the
# snapshot is shared by the fork, only the result dicts travel back. Below this many
# repositories the pool costs more (about 0.1 s) than it saves,
MIN_REPOS_FOR_WORKERS = 8
# unless they are few but large: this much text takes seconds to evaluate (a handful of big
# checkouts, docs/performance.md's benchmark tree), so two or more of them are worth a pool.
MIN_BYTES_FOR_WORKERS = 8 * 1024 * 1024


def _worker_count(repo_count: int, text_bytes: int = 0) -> int:
    """Processes worth starting: 1 (evaluate here) unless fork is safe and there are cores and work."""
    return fork_workers(repo_count, repo_count >= MIN_REPOS_FOR_WORKERS or text_bytes >= MIN_BYTES_FOR_WORKERS)


def _evaluate_repos(snapshot: Snapshot, catalogue: Catalogue, progress, analysis_cache=None) -> list[RepoResult]:
    """evaluate_repo for every repository, in snapshot order, in worker processes when it pays."""
    total = len(snapshot.repos)
    workers = _worker_count(total, sum(entry.size for repo in snapshot.repos for entry in repo.files))
    if workers > 1:
        from .evaluation_pool import evaluate_in_pool

        kinds.registry()  # import every kind before forking, so no worker imports them again
        pooled = evaluate_in_pool(snapshot, catalogue, analysis_cache, workers, evaluate_repo_isolated, progress)
        if pooled is not None:
            return pooled
        # A worker died (killed, out of memory): evaluate here instead, the result is the same.
    repos = []
    for index, repo in enumerate(snapshot.repos):
        if progress:
            progress(index + 1, total, repo.name)
        repos.append(evaluate_repo_isolated(repo, catalogue, snapshot.collected_at, snapshot.owner, analysis_cache))
    return repos


def evaluate_snapshot(
    snapshot: Snapshot,
    catalogue: Catalogue,
    progress: Optional[Callable[[int, int, str], None]] = None,
    analysis_cache=None,
) -> Result:
    """The whole result (the canonical JSON as a dict): repositories, portfolio and category scores,
    the improvements worth most points, and caveats.

    ``progress``, when given, is called for each repository in order with (position, total, name).
    ``analysis_cache`` (analysis_cache.AnalysisCache), when given, saves re-analysing source files
    that an earlier run already analysed; it never changes the result.
    """
    with long_lived_frozen():
        repos = _evaluate_repos(snapshot, catalogue, progress, analysis_cache)
    return assemble_result(snapshot, catalogue, repos)


def assemble_result(snapshot: Snapshot, catalogue: Catalogue, repos: list[RepoResult]) -> Result:
    """The whole result from each repository's result (``evaluate_repo``, in snapshot order) and the snapshot.

    Reads of each repository only what a lightened one keeps (streaming.lightened): its
    name, collection error, skipped files and which data was available, so a streamed
    audit that evaluated every repository as it arrived assembles the same result.
    """
    repos = list(repos)
    profile = evaluate_profile(snapshot, catalogue)
    if profile is not None:
        repos.append(profile)
    _fill_expected_gains(repos, catalogue)

    portfolio_score = S.weighted_mean((r["score"], r["weight"]) for r in repos)
    categories: list[PortfolioCategory] = []
    for category in catalogue.categories:
        score = S.weighted_mean(
            (next(c["score"] for c in r["categories"] if c["id"] == category.id), r["weight"])
            for r in repos
            if r["score"] is not None
        )
        categories.append(
            {
                "id": category.id,
                "title": category.title,
                "description": category.description,
                "weight": category.weight,
                "score": S.round_score(score),
                "band": S.band_for(score),
            }
        )
    improvements: list[Improvement] = sorted(
        (
            Improvement(
                repo=r["name"],
                rule_id=f["rule_id"],
                title=f["title"],
                outcome=f["outcome"],
                score=f["score"],
                expected_gain=f["expected_gain"],
                effort=f["effort"],
                advice=f["advice"],
            )
            for r in repos
            for f in r["findings"]
            if f["outcome"] in (S.FAIL, S.WARN) and f["expected_gain"] > 0
        ),
        key=lambda item: (-item["expected_gain"], item["repo"], item["rule_id"]),
    )[:MAX_IMPROVEMENTS]

    own = [r for r in repos if r["kind"] == "repository"]  # counts describe repositories only
    caveats = (list(CAVEATS) + _partial_caveats(own) + _unavailable_caveats(snapshot, catalogue.rules)
               + _git_failure_caveats(snapshot) + _floor_caveats(own, catalogue))
    counts: Counts = {
        "repos": len(own),
        "scored": sum(1 for r in own if r["status"] == "scored"),
        "insufficient_evidence": sum(1 for r in own if r["status"] == "insufficient_evidence"),
        "not_collected": sum(1 for r in own if r["status"] == "not_collected"),
    }
    excluded = sum(1 for r in own if r["status"] == "excluded")
    if excluded:  # only when the person excluded something, so results without annotations keep their shape
        counts["excluded"] = excluded
    return {
        "schema_version": RESULT_VERSION,
        "tool": {"name": "portfolio-audit", "version": __version__, "rules_digest": catalogue.digest},
        "collected_at": snapshot.collected_at,
        "source": snapshot.source,
        "owner": snapshot.owner,
        "person": person_view(snapshot),
        "score": S.round_score(portfolio_score),
        "band": S.band_for(portfolio_score),
        "counts": counts,
        "categories": categories,
        "improvements": improvements,
        "repos": repos,
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "category": rule.category,
                "weight": rule.weight,
                "what": rule.what,
                "why": rule.why,
            }
            for rule in catalogue.rules
        ],
        "caveats": caveats,
    }
