"""Which numbers in a README are figures the impact rule can credit: quantities, not addresses, paths, dates or names."""

from __future__ import annotations

import pytest

from portfolio_audit.kinds import readme_showcase as R


def _counts(text: str) -> list:
    """What the rule reads as figures in a language whose units it does not know."""
    return [m.group(0) for m in R._ANY_COUNT.finditer(R._quantities_only(text))]


@pytest.mark.parametrize("text", [
    "Ouvrir http://127.0.0.1:8080/notes/ dans le navigateur",
    "Serveur distant : mon-hote:8443/",
    "Le schéma est dans docs/schema/2025-04-01-notes.md",
    "Dernière version : v3.2.1, publiée le 2025-04-01",
    "Option utile : --port 9090",
    "5. 打开设置页面",
    "边界（如 12 月 31 日 → 1 月 1 日）",
    "Authentification 2FA et parties 1v1",
    "École 42 : projet réalisé (BUFFER_SIZE = 42)",
])
def test_digits_that_count_nothing_are_not_figures(text):
    assert _counts(text) == [] and R._figures(text) == []


@pytest.mark.parametrize("text,figure", [
    ("服务 1,200 名学生", "1,200 名学生"),
    ("响应时间 20ms", "20ms"),
    ("사용자 300명", "300명"),
    ("précision de 93.8%", "93.8%"),
    ("pour 1 500 utilisateurs", "1 500 utilisateurs"),
])
def test_counts_and_units_in_any_language_are_figures(text, figure):
    assert figure in _counts(text)


@pytest.mark.parametrize("text,figure", [
    ("bench: 1,234 ns/iter", "1,234 ns"),
    ("serves 900 req/s", "900 req/s"),
    ("searches 4 million readings", "4 million"),
    ("see ./data/run.csv: 5 files", "5 files"),
])
def test_units_with_a_slash_and_scale_words_stay_figures(text, figure):
    assert figure in R._figures(text)
