"""Class 8: the Markdown report is inert: no element, and no URL, that the tool did not write.

A snapshot's ``html_url`` containing ``>`` used to close the ``<…>`` link target and put a
tracking image and an open HTML comment into the recruiter's Markdown. Link targets are now
validated (absolute http(s) only) and percent-encoded, and text that GitHub would turn into
a link by itself (``https://…``, ``www.…``, ``name@host``) is escaped. The proof renders the
Markdown with markdown-it, as GitHub would (tables, strikethrough, raw HTML allowed,
autolinks on), and reads every token.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from portfolio_audit.collect.local import collect_local
from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.render import render
from portfolio_audit.render.screen_view import strengths

from .hostile_data import hostile_snapshot

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portfolio" / "tidewatch"
BREAKOUTS = (
    # Closes the <…> target, then a tracking image and an open HTML comment: what the old renderer let through.
    "https://github.com/octo/tidewatch>![t](https://evil.example/t.png)<!--",
    "https://github.com/octo/tidewatch><img/src=https://evil.example/t.png><!--",
    "https://github.com/octo/tidewatch)![x](https://evil.example/t.png)",
    "https://github.com/octo/tidewatch&gt;<script>alert(1)</script>",
    "https://github.com/octo/tide%3E%zz\u202ewatch\\[x]",
)


def github_like() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(["table", "strikethrough", "linkify"])
    # GitHub links bare "https://…", "www.…" and e-mail addresses, not bare domain names.
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True})
    # Escaped characters stay separate tokens, so "www" + "." + "x" shows it was escaped.
    md.disable("text_join")
    return md


def tokens_of(markdown: str) -> list:
    found = []
    pending = list(github_like().parse(markdown))
    while pending:
        token = pending.pop()
        found.append(token)
        pending.extend(token.children or [])
    return found


def allowed_hrefs(result: dict) -> set:
    """The links the tool writes: each strength's evidence URL, as a Markdown link target."""
    from portfolio_audit.render.markdown import link_target

    md = github_like()
    return {md.normalizeLink(link_target(item["url"]).replace("\\&", "&"))
            for item in strengths(result) if link_target(item["url"])}


def assert_inert(markdown: str, allowed: set) -> None:
    tokens = tokens_of(markdown)
    kinds = {token.type for token in tokens}
    assert not kinds & {"html_block", "html_inline", "image"}, kinds & {"html_block", "html_inline", "image"}
    links = [token for token in tokens if token.type == "link_open"]
    assert not [token for token in links if token.markup == "linkify"], "text became an autolink"
    for token in links:
        href = token.attrGet("href")
        assert href in allowed, href
        assert href.startswith(("https://", "http://"))
    for token in tokens:
        if token.type == "text":
            assert "www." not in token.content.lower() and "://" not in token.content, token.content


@pytest.fixture(scope="module")
def strong_result(catalogue):
    """An exemplary repository whose html_url tries each breakout: its strengths carry links."""
    if not EXAMPLE.is_dir():
        pytest.skip("examples/portfolio not present")
    base = collect_local([EXAMPLE])
    repos = tuple(dataclasses.replace(base.repos[0], name=f"tidewatch-{index}", html_url=url, commit_sha="a" * 40)
                  for index, url in enumerate(BREAKOUTS))
    return evaluate_snapshot(dataclasses.replace(base, repos=repos), catalogue)


@pytest.mark.parametrize("audience", ["candidate", "recruiter"])
def test_breakout_urls_become_encoded_targets(strong_result, audience):
    markdown = render("md", strong_result, audience)
    allowed = allowed_hrefs(strong_result)
    if audience == "recruiter":
        assert allowed, "the recruiter view links its strengths' evidence"
        assert "](<https://github.com/octo/tidewatch%3E!%5Bt%5D(https://evil.example/t.png)%3C!--" in markdown
    assert_inert(markdown, allowed)


@pytest.mark.parametrize("audience", ["candidate", "recruiter"])
def test_hostile_text_in_every_field_stays_text(catalogue, audience):
    snapshot, payloads = hostile_snapshot(port=9)
    result = evaluate_snapshot(snapshot, catalogue)
    markdown = render("md", result, audience)
    assert_inert(markdown, allowed_hrefs(result))
    assert sum(f"XSS{n:02d}" in markdown for n in range(len(payloads))) >= len(payloads) // 2


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "/relative",
                                 "https://x.example/a b", "https://x.example/\n![i](https://e/t.png)", None, 5])
def test_only_absolute_http_urls_become_link_targets(url):
    from portfolio_audit.render.markdown import link_target

    assert link_target(url) is None


def test_link_targets_keep_what_they_can_and_encode_the_rest():
    from portfolio_audit.render.markdown import link_target

    assert link_target("https://github.com/o/r/blob/abc/docs/a%20b.md#L3") == "https://github.com/o/r/blob/abc/docs/a%20b.md#L3"
    assert link_target("https://github.com/o/r/blob/abc/é.md") == "https://github.com/o/r/blob/abc/%C3%A9.md"
    assert link_target("https://x.example/?a=1&b=2") == "https://x.example/?a=1\\&b=2"
    assert link_target("https://x.example/<>\"`{}|^\\") == "https://x.example/%3C%3E%22%60%7B%7D%7C%5E%5C"
