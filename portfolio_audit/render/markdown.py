"""The Markdown renderer: a GitHub-flavoured summary that fits a CI job summary.

GitHub rejects job summaries above 1 MiB, so the report is built in blocks
with a byte budget: the overview always appears, per-repository detail is
added while it fits, and a note says what was left out.
"""

from __future__ import annotations

import re
from typing import Optional, cast

from ..records import Result
from .formatting import safe_href, truncate
from .labels import OUTCOMES
from .view import DEFAULT_AUDIENCE, build_view
from .view_model import RepoView, ReportView

# GitHub's limit for one step's job summary.
MAX_MARKDOWN_BYTES = 1024 * 1024
# Kept free for the truncation note and the closing lines.
RESERVED_BYTES = 4 * 1024
# Any one piece of data in a table cell or list item; the JSON keeps the full text.
MAX_CELL_CHARS = 160
MAX_PARAGRAPH_CHARS = 600

# Backslash-escape every character that can open Markdown (or GitHub math)
# syntax mid-line ("(" only matters after "]", which is escaped); entities for
# the HTML ones, because GFM passes raw HTML through.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#!|~$])")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]+")
# Text that starts a continuation line could open a list or a setext heading.
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
_BULLET_OR_SETEXT_START = re.compile(r"^([-+=])")
# Text GitHub turns into a link by itself (extended autolinks: "scheme://", "www.", "name@host");
# a backslash before the "/", "." or "@" keeps each one plain text.
_AUTOLINK_STARTS = re.compile(r"(?<=:)//|(?i:(?<=www))\.|@")
# Characters a link target keeps as they are; every other byte is percent-encoded, so nothing in
# a collected URL can close the target (">", ")", a newline) or open markup after it.
_LINK_TARGET_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#@!$'()*+,;=")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def link_target(url: Optional[str]) -> Optional[str]:
    """``url`` as a Markdown link target (for ``[text](<target>)``), or None when it may not be a link.

    Only absolute http(s) URLs qualify (view.safe_href); the rest is percent-encoded byte by
    byte, ``&`` is backslash-escaped (an entity such as ``&gt;`` would be decoded inside a
    target), and existing %XX escapes are kept.
    """
    href = safe_href(url)
    if href is None:
        return None
    out, index = [], 0
    while index < len(href):
        ch = href[index]
        if ch == "%" and _PERCENT_ESCAPE.match(href, index):
            out.append(href[index:index + 3])
            index += 3
            continue
        if ch in _LINK_TARGET_SAFE:
            out.append(ch)
        elif ch == "&":
            out.append("\\&")
        else:
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8", errors="replace")))
        index += 1
    return "".join(out)


def escape(text: Optional[str], limit: int = MAX_CELL_CHARS) -> str:
    """``text`` as inert inline Markdown: one line, no markup, no raw HTML."""
    if not text:
        return ""
    return _safe_start(_inert(truncate(_CONTROL_OR_NEWLINE.sub(" ", text).strip(), limit)))


def _inert(text: str) -> str:
    text = "".join(_HTML_ENTITIES.get(ch, ch) for ch in text)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def _safe_start(text: str) -> str:
    text = _ORDERED_LIST_START.sub(r"\1\\\2", text)
    text = _BULLET_OR_SETEXT_START.sub(r"\\\1", text)
    return _AUTOLINK_STARTS.sub(lambda match: "".join("\\" + ch for ch in match.group()), text)


# A run of backticks, text, and a run of the same length: what rule advice quotes as `code`.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_BACKTICK_RUNS = re.compile(r"`+")


def _code_span(content: str) -> str:
    """``content`` as a code span whose fence is longer than any backtick run inside it."""
    fence = "`" * (max((len(run) for run in _BACKTICK_RUNS.findall(content)), default=0) + 1)
    padded = f" {content} " if content.startswith(("`", " ")) or content.endswith(("`", " ")) else content
    return f"{fence}{padded}{fence}"


def prose(text: Optional[str], limit: int = MAX_PARAGRAPH_CHARS) -> str:
    """Like ``escape``, but text in backticks stays a code span (rule advice quotes examples so).

    Everything outside a span is escaped as ``escape`` does; inside one nothing is markup
    on GitHub (no links, no HTML), so data that lands in a span stays inert too.
    """
    if not text:
        return ""
    text = truncate(_CONTROL_OR_NEWLINE.sub(" ", text).strip(), limit)
    parts, position = [], 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(_inert(text[position:match.start()]))
        parts.append(_code_span(match.group(2)))
        position = match.end()
    parts.append(_inert(text[position:]))
    return _safe_start("".join(parts))


def _outcome(label_key: Optional[str]) -> str:
    label, icon = OUTCOMES.get(label_key, (label_key, "?"))
    # A finished result's outcomes are all text (records.Finding: None only while the engine works).
    return f"{icon} {cast(str, label).lower()}"


def _evidence_first(view: ReportView) -> list:
    """The recruiter view's opening: caveats, then strengths with their evidence, gaps and questions."""
    lines = ["## Before you read the numbers", ""]
    lines += [f"- {escape(caveat, MAX_PARAGRAPH_CHARS)}" for caveat in view["caveats"]]
    highlights = view["highlights"]
    assert highlights is not None, "the recruiter view always has its highlights (view.build_view)"
    lines += ["", "## Strengths, with the evidence", ""]
    if not highlights["strengths"]:
        lines.append("No passing finding quotes or links public work yet: too little to show, which is not a low score.")
    for item in highlights["strengths"]:
        where = escape(item["location"] or "evidence") if item["location"] or item["url"] else ""
        target = link_target(item["url"])
        if target and where:
            where = f"[{where}](<{target}>)"
        lines.append(f"- **{escape(item['title'])}** · {escape(item['repo'])}" + (f" · {where}" if where else ""))
        if item["quote"]:
            lines.append(f"  > {escape(item['quote'], MAX_PARAGRAPH_CHARS)}")
    if highlights["gaps"]:
        lines += ["", "## Gaps", ""]
        for gap in highlights["gaps"]:
            detail = f" · weakest in {escape(gap['repo'])}" if gap["repo"] else ""
            lines.append(f"- **{escape(gap['title'])}** {gap['score_text']}{detail}")
            if gap.get("caveat"):
                lines.append(f"  {escape(gap['caveat'], MAX_PARAGRAPH_CHARS)}")
    if highlights["questions"]:
        lines += ["", "## Questions to ask", ""]
        lines += [f"- {escape(question, MAX_PARAGRAPH_CHARS)}" for question in highlights["questions"]]
    lines.append("")
    return lines


def _overview(view: ReportView) -> list:
    lines = [f"# Portfolio audit: {escape(view['subject'])}", ""]
    score = f"{view['score_text']} / 100 ({view['band_label'].lower()})" if view["scored"] else "not scored"
    counts = " · ".join(f"{c['value']} {c['label']}" for c in view["counts"])
    lines += [f"**Overall score: {score}** · {counts}", ""]
    lines += [
        f"Collected {escape(view['collected_at_text'])} from {escape(view['source_text'])} · "
        f"{escape(view['tool_text'])} · rules {escape(view['rules_digest'])}",
        "",
        f"The person: {escape(view['person_text'], MAX_PARAGRAPH_CHARS)}",
        "",
    ]
    if view["recruiter"]:
        lines += _evidence_first(view)
    else:
        lines += [f"> {escape(caveat, MAX_PARAGRAPH_CHARS)}  " for caveat in view["caveats"]]
        lines.append("")
    lines += ["## Categories", "", "| Category | Score | Band |", "| --- | ---: | --- |"]
    lines += [
        f"| {escape(c['title'])} | {c['score_text']} | {escape(c['band_label'])} |" for c in view["categories"]
    ]
    lines.append("")
    if not view["recruiter"]:
        lines += _improvements(view)
    return lines


def _improvements(view: ReportView) -> list:
    heading = "## Advice for the candidate: top improvements" if view["recruiter"] else "## Top improvements"
    lines = [heading, ""]
    if not view["improvements"]:
        lines.append("Nothing to improve was found among the scored repositories.")
    for item in view["improvements"]:
        marker = f"{item['rank']}. "
        lines.append(
            f"{marker}**{item['gain_text']} points** · {escape(item['repo'])} · "
            f"{escape(item['title'])} ({_outcome(item['outcome'])}, score {item['score_text']}, "
            f"{item['effort_label'].lower()})"
        )
        # The advice is the item's second paragraph, indented to the item's text ("10. " is four wide).
        lines += ["", " " * len(marker) + prose(item["advice"]), ""]
    return lines


def _repo_row(repo: RepoView) -> str:
    failing = sum(1 for g in repo["groups"] for f in g["findings"] if f["outcome"] in ("fail", "warn"))
    return (
        f"| {escape(repo['name'])} | {escape(repo['status_label'])} | {repo['score_text']} | "
        f"{escape(repo['band_label'])} | {repo['weight_text']} | {failing if repo['scored'] else '–'} |"
    )


def _repo_section(repo: RepoView) -> list:
    heading = f"### {escape(repo['name'])}"
    if repo["scored"]:
        heading += f" — {repo['score_text']} ({repo['band_label'].lower()})"
    lines = [heading, ""]
    if repo["status_reason"]:
        lines += [f"*{escape(repo['status_label'])}:* {escape(repo['status_reason'], MAX_PARAGRAPH_CHARS)}", ""]
    if repo["authorship_text"]:
        lines += [escape(repo["authorship_text"], MAX_PARAGRAPH_CHARS), ""]
    for item in repo["authorship_lists"]["not_credited"]:
        lines.append(f"- not credited: `{escape(item['path'])}` — {escape(item['reason'])}")
    if repo["authorship_lists"]["not_credited"]:
        lines.append("")
    # A score lowered by its category's floor says why, before the findings it is the mean of.
    for group in repo["groups"] if repo["scored"] else []:
        if group["caveat"]:
            lines += [f"*{escape(group['title'])}:* {escape(group['caveat'], MAX_PARAGRAPH_CHARS)}", ""]
    # An unscored repository's findings do not count; listing them would read as blame.
    failing = [f for g in repo["groups"] for f in g["findings"] if f["outcome"] in ("fail", "warn")] if repo["scored"] else []
    if not failing and repo["scored"]:
        lines += ["No failing findings.", ""]
    for finding in failing:
        lines.append(
            f"- {_outcome(finding['outcome'])} **{escape(finding['title'])}** "
            f"(score {finding['score_text']}): {escape(finding['summary'], MAX_PARAGRAPH_CHARS)}"
        )
        # A paragraph of its own: on the next line it would run into the finding's line.
        if finding["advice"]:
            lines += ["", f"  *Advice ({finding['effort_label'].lower()}):* {prose(finding['advice'])}"]
        lines.append("")
    excluded = repo["excluded"]
    if excluded["rows"]:
        lines += [f"*{escape(excluded['text'], MAX_PARAGRAPH_CHARS)}:*", ""]
        lines += [f"- {escape(item['path'])} — {escape(item['origin'])}: {escape(item['reason'], MAX_PARAGRAPH_CHARS)}"
                  for item in excluded["rows"]]
        if excluded["more"]:
            lines.append(f"- and {excluded['more']} more (all in the JSON report)")
        lines.append("")
    return lines


def _size(lines: list) -> int:
    return sum(len(line.encode("utf-8")) + 1 for line in lines)


def render(result: Result, audience: str = DEFAULT_AUDIENCE) -> str:
    """A GitHub-flavoured summary of the result, for a CI job summary.

    It stays under GitHub's job-summary limit (MAX_MARKDOWN_BYTES): repositories that do
    not fit are left out and counted in a closing note. ``audience`` "recruiter" opens with
    caveats and evidence and moves the advice to the end.
    """
    view = build_view(result, audience)
    lines = _overview(view)
    # The recruiter view ends with the advice; its room is set aside before repositories fill the budget.
    closing = _improvements(view) if view["recruiter"] else []
    budget = MAX_MARKDOWN_BYTES - RESERVED_BYTES - _size(closing)
    used = _size(lines)
    omitted_rows = omitted_sections = 0

    table = ["## Repositories", "", "| Repository | Status | Score | Band | Weight | Failing |",
             "| --- | --- | ---: | --- | ---: | ---: |"]
    used += _size(table)
    for repo in view["repos"]:
        row = _repo_row(repo)
        if omitted_rows or used + _size([row]) > budget:
            omitted_rows += 1
            continue
        table.append(row)
        used += _size([row])
    table.append("")
    used += 1
    lines += table

    lines += ["## Failing findings by repository", ""]
    used += _size(lines[-2:])
    for repo in view["repos"]:
        section = _repo_section(repo)
        if omitted_sections or used + _size(section) > budget:
            omitted_sections += 1
            continue
        lines += section
        used += _size(section)

    lines += closing
    if omitted_rows or omitted_sections:
        lines += [
            f"> **Truncated:** this summary stops at {MAX_MARKDOWN_BYTES // 1024} KiB "
            f"(GitHub's job-summary limit); {omitted_rows} table rows and {omitted_sections} repository "
            "sections were left out. The HTML and JSON reports have everything.",
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"
