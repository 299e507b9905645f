"""Large audits in bounded memory: JSON written in pieces, repositories evaluated as they arrive, same bytes."""

import io
import json
from pathlib import Path

import pytest

from portfolio_audit import app, json_text
from portfolio_audit.render import FORMATS, render, render_pieces

VALUES = [
    {"b": [1, 2.5, None, True], "a": {"é": "…\n\"quoted\"", "empty": [], "nested": {}}, "c": "\ud7ff"},
    [[], {}, [[[]]], "", 0, -1.25e-7, 10**30],
    "just text",
    {"repos": [{"name": f"r{i}", "findings": [{"score": i / 3, "evidence": []}] * 3} for i in range(50)]},
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("options", [dict(sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False),
                                     dict(sort_keys=True, ensure_ascii=False, indent=1)])
def test_json_pieces_are_json_dumps_character_for_character(value, options, monkeypatch):
    monkeypatch.setattr(json_text, "CHUNKS_PER_PIECE", 7)  # many pieces, joined at odd places
    expected = json.dumps(value, **options)
    assert json_text.dumps(value, **options) == expected
    assert "".join(json_text.pieces(value, **options)) == expected
    assert len(list(json_text.pieces(value, **options))) > 1 or len(expected) < 40


def test_every_format_gives_the_same_text_whole_or_in_pieces():
    golden = (Path(__file__).parent / "golden" / "report.json").read_text(encoding="utf-8")
    result = json.loads(golden)
    assert "".join(render_pieces("json", result)) == render("json", result) == golden
    for name in FORMATS:
        assert "".join(render_pieces(name, result, audience="recruiter")) == render(name, result, audience="recruiter")


def test_a_report_in_pieces_is_written_whole_to_a_file_and_to_stdout(tmp_path):
    pieces = ["{", '"a": "é"', "}\n"]
    target = tmp_path / "out.json"
    app.write_output(iter(pieces), str(target), None)
    assert target.read_text(encoding="utf-8") == "".join(pieces)
    stdout = io.StringIO()
    app.write_output(iter(pieces), app.STDOUT, stdout)
    assert stdout.getvalue() == "".join(pieces)


def test_a_failure_while_rendering_pieces_leaves_no_output(tmp_path):
    def failing():
        yield "{"
        raise ValueError("Out of range float values are not JSON compliant")

    stdout = io.StringIO()
    with pytest.raises(ValueError):
        app.write_output(failing(), app.STDOUT, stdout)
    assert stdout.getvalue() == ""
    with pytest.raises(ValueError):
        app.write_output(failing(), str(tmp_path / "out.json"), None)
    assert list(tmp_path.iterdir()) == []
