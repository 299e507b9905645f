import json
from pathlib import Path

from tidewatch.cli import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, main

EXAMPLE = Path(__file__).parent.parent / "examples" / "harbour_north.csv"


def test_example_file_reports_known_problems(capsys):
    assert main(["check", str(EXAMPLE), "--format", "json"]) == EXIT_FINDINGS
    report = json.loads(capsys.readouterr().out)
    assert report["counts"] == {"flatline": 1, "gap": 1, "missing": 1, "spike": 2}


def test_clean_file_exits_zero(tmp_path, capsys):
    path = tmp_path / "calm.csv"
    path.write_text(
        "time,level_m\n"
        + "".join(f"2024-03-09T00:{m:02d}:00Z,{1.0 + m / 1000:.3f}\n" for m in range(0, 60, 6))
    )
    assert main(["check", str(path)]) == EXIT_CLEAN
    assert "No findings." in capsys.readouterr().out


def test_broken_file_does_not_stop_the_others(tmp_path, capsys):
    broken = tmp_path / "broken.csv"
    broken.write_text("time,level_m\nyesterday,1.0\n")
    assert main(["check", str(broken), str(EXAMPLE)]) == EXIT_ERROR
    captured = capsys.readouterr()
    assert "broken.csv" in captured.err
    assert "Station harbour_north" in captured.out
