import io
import csv
from datetime import timezone

import pytest

from tidewatch.readings import ReadingError, parse_level, parse_time, read_rows


def rows(text: str):
    return csv.DictReader(io.StringIO(text))


def test_parse_time_accepts_z_and_offsets():
    assert parse_time("2024-03-09T00:06:00Z").tzinfo == timezone.utc
    assert parse_time("2024-03-09T01:06:00+01:00") == parse_time("2024-03-09T00:06:00Z")


def test_parse_time_rejects_naive_timestamps():
    with pytest.raises(ReadingError, match="no UTC offset"):
        parse_time("2024-03-09T00:06:00")


@pytest.mark.parametrize("text", ["", "NaN", "-99", " -999 ", "n/a"])
def test_missing_markers_become_none(text):
    assert parse_level(text) is None


def test_levels_are_parsed_as_metres():
    assert parse_level(" 2.345 ") == 2.345


def test_rows_must_move_forward_in_time():
    text = "time,level_m\n2024-03-09T00:06:00Z,1.0\n2024-03-09T00:00:00Z,1.1\n"
    with pytest.raises(ReadingError, match="line 3"):
        list(read_rows(rows(text)))


def test_missing_column_is_reported_by_name():
    with pytest.raises(ReadingError, match="level_m"):
        list(read_rows(rows("time,level\n2024-03-09T00:00:00Z,1.0\n")))
