"""Script injection: hostile text in every field, rendered in every format, opened in real headless Chromium.

A payload that runs leaves a ``data-pwned-N`` attribute on <body> (seen in Chromium's
DOM dump) and fetches ``/hit/N``; a payload that makes the page load anything (an
<img>, a stylesheet, a CSS ``url()``) hits the same loopback beacon. A positive control
(the payloads pasted in unescaped) proves both detectors fire, so a silent pass cannot
come from a browser that never ran anything.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from portfolio_audit.engine import evaluate_snapshot
from portfolio_audit.render import FORMATS
from portfolio_audit.render.badge import render_badge

from .hostile_data import hostile_snapshot

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Virtual time lets timers, onload/onerror and autofocus handlers fire before the dump.
VIRTUAL_TIME_BUDGET_MS = 3000
CHROMIUM_TIMEOUT_SECONDS = 60
MIN_PAYLOADS = 20
# Elements and attributes that must never come out of collected text.
ACTIVE_ELEMENTS = {"script", "iframe", "object", "embed", "base", "link", "form", "input", "video", "audio",
                   "source", "img", "frame", "frameset", "applet", "portal"}
REPORT_META = {"charset", "content-security-policy", "viewport", "referrer", "generator"}

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")


class Beacon:
    """A loopback HTTP server that records every request path: any hit means the page fetched something."""

    def __init__(self):
        hits = self.hits = []
        pages = self.pages = {}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                if self.path in pages:
                    body = pages[self.path]
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                if self.path != "/favicon.ico":  # the browser's own request, not the page's
                    hits.append(self.path)
                self.send_response(204)
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def beacon():
    running = Beacon()
    yield running
    running.close()


@pytest.fixture(scope="module")
def hostile(beacon, catalogue):
    snapshot, texts = hostile_snapshot(beacon.port)
    return evaluate_snapshot(snapshot, catalogue), texts


def open_in_chromium(page: Path, profile: Path, beacon: Beacon) -> str:
    """The DOM Chromium built from ``page`` after running it, as serialised HTML.

    The page is served by the beacon itself, so a payload's relative fetch, a CSS url()
    and an <img> all reach it as same-origin requests nothing in the browser would block.
    """
    beacon.pages["/page/" + page.name] = page.read_bytes()
    # Every host name resolves nowhere, so nothing but 127.0.0.1 can be reached even by accident.
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", f"--user-data-dir={profile}",
        f"--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}", "--dump-dom",
        f"http://127.0.0.1:{beacon.port}/page/{page.name}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS)
    assert done.returncode == 0 and "<body" in done.stdout, done.stderr[-2000:]
    return done.stdout


class _Dom(HTMLParser):
    """Text, elements and attributes of a serialised DOM."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.elements = [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse_dom(dom: str) -> _Dom:
    parsed = _Dom()
    parsed.feed(dom)
    return parsed


def assert_inert(dom: str, beacon: Beacon, allow_meta: bool) -> _Dom:
    """No payload ran, nothing was fetched, and collected text produced no active element."""
    assert not beacon.hits, f"the page made requests: {beacon.hits[:5]}"
    parsed = parse_dom(dom)
    assert not pwned(parsed), pwned(parsed)
    for tag, attrs in parsed.elements:
        assert tag not in ACTIVE_ELEMENTS, (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert re.fullmatch(r"(text-align:(left|right|center))?", attrs.get("style") or ""), (tag, attrs)
        for name in ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"):
            value = (attrs.get(name) or "").strip().lower()
            assert not value or value.startswith(("https://", "http://", "#")), (tag, name, value)
            assert not value.startswith("http://127.0.0.1"), (tag, name, value)
        if tag == "meta":
            assert allow_meta and (set(attrs) & {"charset", "name", "http-equiv"}), attrs
            key = (attrs.get("name") or attrs.get("http-equiv") or ("charset" if "charset" in attrs else "")).lower()
            assert key in REPORT_META, attrs
    return parsed


def pwned(parsed: _Dom) -> set:
    """Numbers of the payloads whose script ran (each marks an attribute on <body>)."""
    return {name for _, attrs in parsed.elements for name in attrs if name.startswith("data-pwned-")}


def visible_text(parsed: _Dom) -> str:
    """The page's text without whitespace or control characters (renderers may turn those into spaces)."""
    return squash("".join(parsed.text))


def squash(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace())


def test_there_are_enough_payloads(hostile):
    _, texts = hostile
    assert len(texts) >= MIN_PAYLOADS
    assert len({text.split()[0] for text in texts}) == len(texts)


def test_detectors_fire_on_a_page_that_runs_the_payloads(beacon, hostile, tmp_path):
    """Positive control: the same payloads pasted in raw do run and do fetch, so silence below means something."""
    _, texts = hostile
    page = tmp_path / "control.html"
    # The refresh payload would navigate the control page away before the others are counted.
    runnable = [text for text in texts if "http-equiv" not in text]
    page.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "\n".join(runnable)
                    + "</body></html>", encoding="utf-8")
    beacon.hits.clear()
    dom = open_in_chromium(page, tmp_path / "profile", beacon)
    ran = pwned(parse_dom(dom))
    assert len(ran) >= 3, dom[:2000]
    assert beacon.hits, "no request reached the beacon"
    beacon.hits.clear()


@pytest.mark.parametrize("keep_csp", [True, False], ids=["with-csp", "escaping-alone"])
def test_html_report_runs_no_payload_and_shows_them_as_text(beacon, hostile, tmp_path, keep_csp):
    """The report is safe by escaping alone; the Content-Security-Policy is a second wall, not the only one."""
    result, texts = hostile
    report = FORMATS["html"](result)
    assert "<script" not in report.lower()
    if not keep_csp:
        report, removed = re.subn(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", report)
        assert removed == 1
    page = tmp_path / "report.html"
    page.write_text(report, encoding="utf-8")
    beacon.hits.clear()
    dom = open_in_chromium(page, tmp_path / "profile", beacon)
    parsed = assert_inert(dom, beacon, allow_meta=True)
    shown = visible_text(parsed)
    for text in texts:
        # Repository names are shown whole and read as typed.
        assert squash(text) in shown, text


def test_csp_forbids_scripts_and_remote_content(hostile):
    result, _ = hostile
    report = FORMATS["html"](result)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', report).group(1)
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["default-src"] == ["'none'"]
    # Directives that do not fall back to default-src must be closed explicitly.
    assert directives.get("base-uri") == ["'none'"] and directives.get("form-action") == ["'none'"]
    for directive, sources in directives.items():
        assert not any(s.startswith(("http", "*", "'unsafe-eval'")) or s.endswith(":") and s != "data:"
                       for s in sources), (directive, sources)
    assert "script-src" not in directives or directives["script-src"] in (["'none'"], ["'self'"])
    assert "'unsafe-inline'" not in directives.get("script-src", [])
    assert directives.get("img-src") in (["data:"], ["'none'"], None)


def test_markdown_report_rendered_as_github_would_runs_nothing(beacon, hostile, tmp_path):
    """GitHub passes raw HTML in Markdown through its sanitiser; we do not rely on it: the Markdown is inert as is."""
    result, texts = hostile
    markdown = FORMATS["md"](result)
    page_html = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    page = tmp_path / "summary.html"
    page.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{page_html}</body></html>",
                    encoding="utf-8")
    beacon.hits.clear()
    dom = open_in_chromium(page, tmp_path / "profile", beacon)
    parsed = assert_inert(dom, beacon, allow_meta=True)
    shown = visible_text(parsed)
    for text in texts:
        marker = text.split()[0]
        assert marker in shown, marker
    # The payloads' markup survives as readable text rather than vanishing or turning into elements.
    assert "<script>document.body.setAttribute" in shown


def test_json_report_keeps_every_payload_exactly(hostile):
    result, texts = hostile
    data = json.loads(FORMATS["json"](result))
    names = {repo["name"] for repo in data["repos"]}
    assert set(texts) <= names


def test_badge_svg_has_no_collected_text(hostile):
    result, _ = hostile
    badge = render_badge(result["score"], result.get("band"))
    assert "XSS" not in badge and "<script" not in badge
