"""Every collector records each file's origin (own, vendored, scaffold, starter...) with its reason, and snapshots keep it."""

from __future__ import annotations

import json
import subprocess

import pytest

from portfolio_audit import snapshot as snapshot_io
from portfolio_audit.collect.archive import read_tarball
from portfolio_audit.collect.local import collect_local, collect_repo
from portfolio_audit.snapshot import SnapshotError

from .helpers import git, make_repo
from .test_provenance import JQUERY_VALIDATE_HEAD, MIT_TEXT

# A project with a jQuery plugin copied under assets/plugins/ (its licence, README, build
# banner and an unbannered helper), beside the person's own code and README.
VENDORED_TREE = {
    "README.md": "# Shopfront\n\nA small shop. I chose Razor Pages over MVC controllers because the pages are simple forms, at the cost of less control over routing.\n",
    "Program.cs": "// Starts the web host; the shop has no background jobs, so nothing else runs.\nvar app = 1;\n",
    "assets/js/site.js": "// Shows the basket total.\nupdateTotal();\n",
    "assets/plugins/validate/jquery.validate.js": JQUERY_VALIDATE_HEAD + "})();\n",
    "assets/plugins/validate/additional-methods.js": "(function(){ /* rules */ })();\n",
    "assets/plugins/validate/LICENSE.md": MIT_TEXT,
    "assets/plugins/validate/README.md": "# jQuery Validation\n\nA plugin. THE SOFTWARE IS PROVIDED AS IS.\n",
}


def origins(repo) -> dict:
    return {entry.path: entry.origin for entry in repo.files}


def test_checkout_records_each_files_origin_and_reason(tmp_path):
    repo = collect_repo(make_repo(tmp_path / "shopfront", VENDORED_TREE))
    found = origins(repo)
    assert found["README.md"] == found["Program.cs"] == found["assets/js/site.js"] == "own"
    assert found["assets/plugins/validate/additional-methods.js"] == "vendored"
    assert found["assets/plugins/validate/README.md"] == "third-party-docs"
    by_path = {entry.path: entry for entry in repo.files}
    assert "assets/plugins/validate/" in by_path["assets/plugins/validate/additional-methods.js"].origin_reason
    # Decided by the path alone: left out before reading, with the origin as data.
    skipped = {entry.path: entry for entry in repo.skipped}
    assert skipped["assets/plugins/validate/jquery.validate.js"].origin == "vendored"
    assert skipped["assets/plugins/validate/LICENSE.md"].origin == "third-party-docs"


def test_origins_survive_a_round_trip_and_old_snapshots_read_as_own(tmp_path):
    repo = collect_repo(make_repo(tmp_path / "shopfront", VENDORED_TREE))
    snapshot = snapshot_io.Snapshot(collected_at="2026-12-01T00:00:00Z", source={"kind": "local"}, repos=(repo,))
    text = snapshot_io.dumps(snapshot)
    assert snapshot_io.loads(text) == snapshot
    data = json.loads(text)
    assert all("origin" in entry and "origin_reason" in entry for entry in data["repos"][0]["files"])
    for entry in data["repos"][0]["files"]:
        for key in ("origin", "origin_reason", "generator_lines"):
            entry.pop(key)
    for entry in data["repos"][0]["skipped"]:
        entry.pop("origin")
    old = snapshot_io.snapshot_from_dict(data)
    assert {entry.origin for entry in old.repos[0].files} == {"own"}
    assert {entry.origin for entry in old.repos[0].skipped} == {None}


@pytest.mark.parametrize("change, message", [
    ({"origin": "mine"}, "origin should be one of"),
    ({"origin": 3}, "origin should be"),
    ({"generator_lines": [0]}, "not a line of the file"),
    ({"generator_lines": [1, 99]}, "not a line of the file"),
    ({"generator_lines": ["1"]}, "should be an integer"),
])
def test_malformed_origins_are_refused(change, message):
    entry = {"path": "a.py", "kind": "source", "language": "python", "size": 4, "text": "x=1\n"}
    entry.update(change)
    data = {"collected_at": "2026-12-01T00:00:00Z", "schema_version": "1", "source": {},
            "repos": [{"name": "r", "files": [entry]}]}
    with pytest.raises(SnapshotError, match=message):
        snapshot_io.snapshot_from_dict(data)


def test_archive_and_checkout_of_one_commit_give_the_same_origins(tmp_path):
    root = make_repo(tmp_path / "shopfront", VENDORED_TREE)
    archive = subprocess.run(["git", "archive", "--format=tar.gz", "--prefix=ana-shopfront-1234567/", "HEAD"],
                             cwd=root, capture_output=True, check=True).stdout
    files, skipped, _ = read_tarball(archive, repo_name="shopfront")
    local = collect_repo(root)
    assert files == local.files and skipped == local.skipped
    assert origins(local)["assets/plugins/validate/additional-methods.js"] == "vendored"


def _commit_as(root, author: str, message: str, changes: dict) -> None:
    for rel, text in changes.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--author", author, "-m", message)


def test_files_someone_else_committed_first_and_nobody_changed_carry_no_credit(tmp_path):
    root = tmp_path / "pset"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    handed_out = {
        "README.md": "# Problem set 3\n\nImplement the functions in helpers.py and run the checker.\n",
        "helpers.py": "def load(path):\n    with open(path) as f:\n        return f.read()\n",
        "checker.py": "import helpers\n\nprint(helpers.load('in.txt'))\n",
    }
    _commit_as(root, "GitHub Classroom <classroom@example.org>", "Initial commit", handed_out)
    _commit_as(root, "Ada Tester <ada@example.org>", "Cache loaded files so the checker reads each once",
               {"helpers.py": handed_out["helpers.py"] + "\n# Cached: the checker loads one file per test.\n"})
    _commit_as(root, "Ada Tester <ada@example.org>", "Explain how I tested the cache",
               {"NOTES.md": "# Notes\n\nI timed the checker before and after caching.\n"})
    repo = collect_repo(root)
    found = origins(repo)
    assert found["helpers.py"] == "own" and found["NOTES.md"] == "own"
    assert found["checker.py"] == found["README.md"] == "starter"
    reason = next(entry.origin_reason for entry in repo.files if entry.path == "checker.py")
    assert "someone else's first commit" in reason and "Initial commit" in reason


def test_a_persons_own_first_commit_stays_theirs(tmp_path):
    root = make_repo(tmp_path / "solo", {"app.py": "X = 1\n", "README.md": "# Solo\n\nMine.\n"},
                     commits=[("Add the second module", {"more.py": "Y = 2\n"})])
    assert set(origins(collect_repo(root)).values()) == {"own"}


def test_the_persons_first_commit_stays_theirs_when_only_a_teammate_committed_after(tmp_path):
    # The first commit's author is compared with the person, not guessed from who committed
    # later: here a teammate made the only later commit.
    root = tmp_path / "shop"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _commit_as(root, "Ada Tester <ada@example.org>", "Add the order page",
               {"README.md": "# Shop\n\nI chose Razor Pages because each page owns its handler.\n",
                "Order.cs": "// Charge after saving, so a crash never bills a lost order.\nclass Order {}\n"})
    _commit_as(root, "Mo Mate <mo@example.org>", "Add the cart helper", {"Cart.cs": "class Cart {}\n"})
    assert origins(collect_repo(root, authors=("ada@example.org",))) == {
        "README.md": "own", "Order.cs": "own", "Cart.cs": "own"}
    other = tmp_path / "blog"
    other.mkdir()
    git(other, "init", "-q", "-b", "main")
    _commit_as(other, "Ada Tester <ada@example.org>", "Add posts", {"posts.py": "Y = 2\n"})
    # Without --author the person is Ada, the committer in both repositories.
    snapshot = collect_local([root, other])
    assert snapshot.person.emails == ("ada@example.org",)
    shop = next(repo for repo in snapshot.repos if repo.name == "shop")
    assert origins(shop)["Order.cs"] == origins(shop)["README.md"] == "own"
    # Who the person is still decides: audited as Mo, Ada's untouched first commit is not Mo's.
    as_mo = collect_repo(root, authors=("mo@example.org",))
    assert origins(as_mo)["Order.cs"] == "starter" and origins(as_mo)["Cart.cs"] == "own"


def test_a_teammates_first_commit_is_their_own_work_not_starter_code(tmp_path):
    # A teammate set the project up and kept committing: their untouched files are the project's
    # own work, left uncredited for the person by authorship, not code a course handed out.
    root = tmp_path / "minishell"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _commit_as(root, "Mo Mate <mo@example.org>", "Set up the shell", {"lexer.c": "int lex(void) { return 0; }\n"})
    _commit_as(root, "Ada Tester <ada@example.org>", "Add the parser", {"parser.c": "int parse(void) { return 0; }\n"})
    _commit_as(root, "Mo Mate <mo@example.org>", "Add the executor", {"exec.c": "int run(void) { return 0; }\n"})
    repo = collect_repo(root, authors=("ada@example.org",))
    assert origins(repo) == {"lexer.c": "own", "parser.c": "own", "exec.c": "own"}
    lines = {item.path: item.lines_by_person for item in repo.authorship.files}
    assert lines["lexer.c"] == lines["exec.c"] == 0 and lines["parser.c"] > 0


def test_a_bots_first_commit_stays_starter_even_when_the_bot_commits_again(tmp_path):
    root = tmp_path / "pset"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    bot = "github-classroom[bot] <66690702+github-classroom[bot]@users.noreply.github.com>"
    _commit_as(root, bot, "Initial commit", {"helpers.py": "def load(path):\n    return path\n"})
    _commit_as(root, "Ada Tester <ada@example.org>", "Solve part one", {"solution.py": "X = 1\n"})
    _commit_as(root, bot, "Setting up GitHub Classroom Feedback", {".github/.keep": ""})
    assert origins(collect_repo(root, authors=("ada@example.org",)))["helpers.py"] == "starter"


def test_a_shallow_clone_is_judged_by_content_and_says_so(tmp_path):
    source = make_repo(tmp_path / "source", {"app.py": "X = 1\n"},
                       commits=[(f"Change {n}", {"app.py": f"X = {n}\n"}) for n in range(3)])
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{source}", str(shallow)], check=True,
                   capture_output=True)
    repo = collect_repo(shallow)
    assert origins(repo) == {"app.py": "own"}
    note = next(entry for entry in repo.skipped if entry.path == "(file history)")
    assert "shallow clone" in note.reason
