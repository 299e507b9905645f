"""Shared setup of the hardening suites: the hypothesis profiles of the fuzz suite."""

from hypothesis import HealthCheck, settings

# "ci" keeps the fuzz suite to seconds and is what a plain `pytest` uses; "long" is the
# documented run of at least 150,000 inputs (six properties × 25,000 examples):
#   python -m pytest tests/hardening/test_fuzz.py --hypothesis-profile=long
settings.register_profile("ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=25_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# hypothesis' pytest plugin has already applied --hypothesis-profile when this file loads.
if settings.get_current_profile_name() == "default":
    settings.load_profile("ci")
