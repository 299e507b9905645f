"""The screening report at 1280 px in headless Chromium: no horizontal scrolling, every overview column in view.

A copy of the page without its Content-Security-Policy gets one measuring script,
which writes the widths onto <body>; Chromium's DOM dump carries them back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from portfolio_audit.collect.local import collect_local
from portfolio_audit.engine import evaluate_snapshot
from tests.support.fixtures import repo_from_spec
from portfolio_audit.screen import build_screening, candidate_record, render_screening
from portfolio_audit.snapshot import Snapshot

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_TIMEOUT_SECONDS = 120
REPO_ROOT = Path(__file__).resolve().parent.parent
WIDTH = 1280
# The longest login GitHub allows, and a long display name: the widest a candidate cell gets.
LONGEST_LOGIN = "a" * 19 + "-" + "b" * 19
MEASURE = """<script>
const wrap = document.querySelector('.table-scroll') || document.querySelector('table.overview');
document.body.setAttribute('data-page', document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth);
document.body.setAttribute('data-table', wrap.scrollWidth + ' ' + wrap.clientWidth);
</script>"""

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")


@pytest.fixture(scope="module")
def screening_html(catalogue):
    """A ranked screening of four candidates with long names, many languages and every kind of flag."""
    examples = collect_local([REPO_ROOT / "examples" / "portfolio"], collected_at="2026-01-02T03:04:05Z")
    records = []
    for login, name in [(LONGEST_LOGIN, "Maximiliane Alexandra Oyelaran-Featherstonehaugh"), ("bo-li", "Bo Li"),
                        ("ana-dev", None)]:
        snapshot = Snapshot(collected_at=examples.collected_at, source={"kind": "github", "handle": login},
                            owner={"login": login, "name": name}, repos=examples.repos)
        records.append(candidate_record(login, snapshot, evaluate_snapshot(snapshot, catalogue), None))
    tiny = Snapshot(collected_at=examples.collected_at, source={"kind": "github", "handle": "new-grad"},
                    owner={"login": "new-grad", "name": None},
                    repos=(repo_from_spec({"readme": "# hw\n", "files": {"a.py": "x = 1\n"}}, name="hw"),))
    records.append(candidate_record("new-grad", tiny, evaluate_snapshot(tiny, catalogue), None))
    records.append(candidate_record("gone-user", None, None, "GitHub user 'gone-user' not found"))
    return render_screening(build_screening(records, "0" * 12, rank=True), "html")


def measured(page: str, tmp_path: Path) -> dict:
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    target = tmp_path / "screening.html"
    target.write_text(page.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-extensions",
               "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp_path / 'profile'}",
               f"--window-size={WIDTH},900", "--dump-dom", target.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_SECONDS)
    body = re.search(r"<body[^>]*>", done.stdout)
    assert done.returncode == 0 and body, done.stderr[-2000:]
    values = {key: (int(scroll), int(client))
              for key, scroll, client in re.findall(r'data-(page|table)="(\d+) (\d+)"', body.group(0))}
    assert set(values) == {"page", "table"}, body.group(0)
    return values


def test_the_screening_report_fits_a_1280_px_window(screening_html, tmp_path):
    widths = measured(screening_html, tmp_path)
    page_scroll, page_client = widths["page"]
    table_scroll, table_client = widths["table"]
    assert page_scroll <= page_client, f"the page scrolls sideways: {page_scroll} px in {page_client}"
    assert table_scroll <= table_client, f"overview columns are cut off: {table_scroll} px in {table_client}"
