from dataclasses import replace

from tidewatch.detect import Settings, check, find_flatlines, find_gaps, find_missing, find_spikes
from tests.helpers import STEP, series, tide


def test_clean_tide_has_no_findings():
    assert check(series(480)) == []


def test_single_spike_is_found_at_the_right_time():
    readings = series(240)
    readings[100] = replace(readings[100], level_m=readings[100].level_m + 0.4)
    spikes = find_spikes(readings)
    assert [f.start for f in spikes] == [readings[100].time]


def test_spike_next_to_a_gap_is_still_found():
    readings = series(240)
    readings[150] = replace(readings[150], level_m=readings[150].level_m - 0.3)
    del readings[140:145]
    assert len(find_spikes(readings)) == 1


def test_gap_counts_missing_readings():
    readings = series(20)
    del readings[5:8]
    (gap,) = find_gaps(readings)
    assert gap.detail == "3 readings not recorded"


def test_clock_drift_is_not_a_gap():
    readings = series(20)
    readings[10] = replace(readings[10], time=readings[10].time + STEP * 0.2)
    assert find_gaps(readings) == []


def test_missing_values_are_grouped_into_runs():
    readings = series(20)
    for i in (4, 5, 6, 12):
        readings[i] = replace(readings[i], level_m=None)
    assert [f.detail for f in find_missing(readings)] == [
        "3 readings without a level",
        "1 reading without a level",
    ]


def test_stuck_sensor_is_a_flatline_not_a_spike():
    stuck_value = tide(60)
    readings = series(240, lambda i: stuck_value if 60 <= i < 75 else tide(i))
    findings = check(readings)
    assert [f.kind for f in findings] == ["flatline"]


def test_short_slack_water_is_not_a_flatline():
    readings = series(240, lambda i: 3.2 if 10 <= i < 14 else tide(i))
    assert find_flatlines(readings) == []


def test_threshold_setting_is_respected():
    readings = series(240)
    readings[100] = replace(readings[100], level_m=readings[100].level_m + 0.1)
    assert find_spikes(readings, Settings(threshold=4.0))
    assert not find_spikes(readings, Settings(threshold=50.0))
