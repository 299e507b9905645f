"""RepoContext: read-only view of one repository for kinds, with memoised analyses."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cached_property
from typing import Optional

from .snapshot import Collected, FileEntry, RepoSnapshot


# The name the parsed document structure is kept under (document_cache.py).
MARKDOWN_ANALYSIS = "markdown"


class RepoContext:
    """Everything a kind may look at for one repository.

    Analyses (Markdown structure, readability, reflection, comment scanning) are computed
    on first use and memoised on this object, so each file is parsed at most once per run.
    Source and document analyses may also come from ``analysis_cache``
    (analysis_cache.AnalysisCache; document_cache.py for documents), which holds them only
    for the exact path, language, text and analyser code they were made from: evaluation
    stays a pure function of the snapshot either way.

    Only the person's own files are seen: this is the one place where files of another
    origin (vendored, generated, scaffold, starter, third-party docs) are left out, so
    ``repo.files`` holds own files for every kind; ``excluded_files`` are the others.
    """

    def __init__(self, repo: RepoSnapshot, collected_at: str, owner: Optional[dict] = None,
                 analysis_cache=None, prepared_documents: Optional[dict] = None):
        own = tuple(entry for entry in repo.files if entry.is_own)
        self.excluded_files = tuple(entry for entry in repo.files if not entry.is_own)
        self.repo = repo if not self.excluded_files else replace(repo, files=own)
        self.collected_at = collected_at
        self.owner = owner or {}
        self._markdown_cache: dict = {}
        self._source_cache: dict = {}
        self._stored_analyses = None
        self._analysis_cache = analysis_cache
        # Document analyses made by other processes (evaluation_pool.py), as ``made_documents`` gives them.
        self._prepared_documents = prepared_documents
        if analysis_cache is not None:
            from .analysis_cache import RepoAnalyses

            self._stored_analyses = RepoAnalyses(analysis_cache, self.source_files)

    # --- files ---------------------------------------------------------------------
    @cached_property
    def not_credited(self) -> dict:
        """{path: reason} for files the person's history shows they wrote none of (authorship.not_theirs)."""
        from .authorship import not_theirs

        return not_theirs(self.repo)

    @cached_property
    def credited_files(self) -> list:
        """The files rules read: the single place files reach rules, so what is not the person's stops here.

        Manifests stay: they say what a project is built with, not what the person wrote.
        """
        excluded = self.not_credited
        return [f for f in self.repo.files if f.path not in excluded or f.kind == "manifest"]

    @cached_property
    def readme(self) -> Optional[FileEntry]:
        """The primary root README (analysis.documents.choose_readme), or None.

        Translations (README.zh-CN.md) and nested READMEs (docs/README.md) are docs.
        """
        from .analysis.documents import choose_readme

        candidates = {f.path: f for f in self.credited_files if f.kind == "readme" and "/" not in f.path}
        chosen = choose_readme(candidates)
        return candidates[chosen] if chosen else None

    @cached_property
    def generator_readme(self) -> Optional[FileEntry]:
        """The root README when it is a project generator's, left as generated (and no own README exists), else None.

        Kinds say "unedited generator README" for it: it is neither the person's writing nor missing.
        """
        from .analysis.documents import choose_readme
        from .provenance.origins import SCAFFOLD

        if self.readme is not None:
            return None
        candidates = {f.path: f for f in self.excluded_files
                      if f.kind == "readme" and "/" not in f.path and f.origin == SCAFFOLD}
        chosen = choose_readme(candidates)
        return candidates[chosen] if chosen else None

    @cached_property
    def docs(self) -> list:
        """Prose documents other than the root README (docs/, ADRs, CONTRIBUTING, ...)."""
        readme = self.readme
        return [f for f in self.credited_files if f.kind in ("doc", "readme") and f is not readme]

    @cached_property
    def prose_documents(self) -> list:
        """README first, then the other docs: where reflection and AI-card sections may live."""
        return ([self.readme] if self.readme else []) + self.docs

    @cached_property
    def source_files(self) -> list:
        """Files the collector classified as source code: what comment and documentation rules read."""
        return [f for f in self.credited_files if f.kind == "source"]

    @cached_property
    def manifests(self) -> list:
        """Dependency manifests (package.json, pyproject.toml, ...): where kinds learn what a project is built with."""
        return [f for f in self.credited_files if f.kind == "manifest"]

    @cached_property
    def languages(self) -> Counter:
        """Bytes of source per programming language."""
        counts: Counter = Counter()
        for entry in self.source_files:
            if entry.language:
                counts[entry.language] += entry.size
        return counts

    # --- history -------------------------------------------------------------------
    @cached_property
    def commits(self) -> list:
        """The commits rules read: the person's own when authorship is known, else every commit collected."""
        from .authorship import person_commit_shas

        shas = person_commit_shas(self.repo)
        items = self.repo.commits.items
        return list(items) if shas is None else [c for c in items if c.sha in shas]

    # --- analyses ------------------------------------------------------------------
    @cached_property
    def _documents(self):
        """This repository's document analyses (document_cache.RepoDocuments), backed by the analysis cache if any."""
        from .document_cache import RepoDocuments, packs_for

        return RepoDocuments(packs_for(self._analysis_cache), self.prose_documents, self._prepared_documents)

    def made_documents(self) -> dict:
        """The document analyses this context made (not read from the cache): what ``prepared_documents`` takes."""
        return self._documents.made_here() if "_documents" in self.__dict__ else {}

    def documents_cached(self) -> bool:
        """Whether the analysis cache holds a pack for exactly this repository's prose documents."""
        return self._documents.pack_exists()

    def markdown(self, entry: FileEntry):
        """Structure, prose and sections of a Markdown (or plain-text) document: parsed once per run, every rule shares it."""
        from .analysis.markdown import analyze_markdown

        if entry.path not in self._markdown_cache:
            self._markdown_cache[entry.path] = self._documents.get(
                MARKDOWN_ANALYSIS, entry, lambda: analyze_markdown(entry.text, path=entry.path))
        return self._markdown_cache[entry.path]

    def memo(self, name: str, make):
        """``make()`` once per context: for a pure function of the repository that several rules ask for."""
        memos = self.__dict__.setdefault("_memos", {})
        if name not in memos:
            memos[name] = make()
        return memos[name]

    def document_analysis(self, name: str, entry: FileEntry, make):
        """Analysis ``name`` of document ``entry``: ``make()`` at most once per run, or the cached result of the same text.

        ``make`` must be a pure function of the entry's path and text through the modules
        that document_cache.DOCUMENT_ANALYSERS names (their code addresses the cache).
        """
        return self._documents.get(name, entry, make)

    def source(self, entry: FileEntry):
        """Comments and line counts of one source file."""
        from .analysis.source.analyze import analyze_source

        if entry.path not in self._source_cache:
            stored = self._stored_analyses
            analysis = stored.get(entry) if stored is not None else None
            if analysis is None:
                analysis = analyze_source(entry.path, entry.text, entry.language)
                if stored is not None:
                    stored.put(entry, analysis)
            if entry.generator_lines:
                from .analysis.source.analyze import without_lines

                # An edited scaffold file: the generator's comments and definitions are not the person's.
                analysis = without_lines(analysis, frozenset(entry.generator_lines))
            self._source_cache[entry.path] = analysis
        return self._source_cache[entry.path]

    def save_analyses(self) -> None:
        """Write the source and document analyses made in this run to the analysis cache, if there is one (never raises)."""
        if self._stored_analyses is not None:
            self._stored_analyses.save()
        if self._analysis_cache is not None and "_documents" in self.__dict__:
            self._documents.save()

    def permalink(self, path: Optional[str], line: Optional[int] = None) -> Optional[str]:
        """A link to ``path`` at the collected commit; None without a path or for local folders, which have no URLs."""
        return self.repo.permalink(path, line) if path else None


# How the person's work in other people's projects appears in reports.
PROFILE_NAME = "Contributions to other projects"


class ProfileContext(RepoContext):
    """The person beyond their own repositories, for rules whose scope is "profile".

    Kinds see a repository-shaped view whose pull requests are the person's pull
    requests in other people's projects (``Snapshot.contributions``), so the
    collaboration kinds read them exactly as they read a repository's.
    """

    def __init__(self, contributions: Collected, collected_at: str, owner: Optional[dict] = None):
        login = (owner or {}).get("login") or "person"
        elsewhere = RepoSnapshot(
            name=PROFILE_NAME,
            full_name=f"{login}/(other projects)",
            pull_requests=contributions,
            issues=Collected.missing("profile: issues belong to repositories"),
        )
        super().__init__(elsewhere, collected_at, owner)
        self.contributions = contributions
