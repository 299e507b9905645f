import pytest

from tidewatch.window import midpoint_baseline, median, robust_scale


def test_median_odd_and_even():
    assert median([3, 1, 2]) == 2
    assert median([4, 1, 3, 2]) == 2.5


def test_median_rejects_empty():
    with pytest.raises(ValueError):
        median([])


def test_robust_scale_ignores_a_single_outlier():
    noisy = [0.0, 0.01, -0.01, 0.02, -0.02, 0.0, 0.01]
    assert robust_scale(noisy + [5.0]) == pytest.approx(robust_scale(noisy), abs=0.01)


def test_baseline_is_exact_on_a_straight_line():
    # The reason we use midpoints rather than a rolling median: a steady tide
    # must leave no residual at all.
    ramp = [0.1 * i for i in range(30)]
    for value, base in zip(ramp[1:-1], midpoint_baseline(ramp, 5)[1:-1]):
        assert base == pytest.approx(value)


def test_baseline_ignores_the_value_itself():
    values = [1.0] * 11
    values[5] = 9.0
    assert midpoint_baseline(values, 5)[5] == 1.0


def test_baseline_has_no_estimate_at_the_ends():
    result = midpoint_baseline([1.0, 2.0, 3.0, 4.0], 3)
    assert result[0] is None and result[-1] is None
    assert result[1] == 2.0


def test_baseline_rejects_zero_reach():
    with pytest.raises(ValueError):
        midpoint_baseline([1.0, 2.0, 3.0], 0)
