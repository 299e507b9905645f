"""The machine-learning import search's hints: a file without one holds no import the pattern would find."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portfolio_audit.kinds import responsible_ai as R

# Every module name the pattern lists, written as a file imports it.
IMPORTS = [f"import {name}\n" for name in (
    "torch", "tensorflow", "keras", "sklearn", "transformers", "jax", "xgboost", "lightgbm", "catboost", "fastai",
    "pytorch_lightning", "lightning", "diffusers", "sentence_transformers", "openai", "anthropic", "langchain_core",
    "face_recognition", "deepface", "ultralytics", "mediapipe", "spacy", "gensim")] + [
    f"const m = require('{name}')\n" for name in ("@tensorflow/tfjs-node", "brain.js", "ml5", "openai",
                                                  "@anthropic-ai/sdk")] + ['import OpenAI from "openai";\n']


@pytest.mark.parametrize("text", IMPORTS)
def test_every_listed_import_is_found_through_the_hints(text):
    found = [m.group(0) for m in R._ml_imports(text)]
    assert found and found == [m.group(0) for m in R._ML_IMPORTS.finditer(text)]


@settings(max_examples=400, database=None, deadline=None)
@given(st.from_regex(R._ML_IMPORTS, fullmatch=True))
def test_every_match_of_the_pattern_holds_a_hint(match):
    assert any(hint in match for hint in R._ML_IMPORT_HINTS), match


def test_a_file_without_a_hint_finds_nothing():
    text = "from collections import deque\nimport numpy as np\nconst x = require('left-pad')\n"
    assert R._ml_imports(text) == [] == list(R._ML_IMPORTS.finditer(text))
    assert not re.search("|".join(map(re.escape, R._ML_IMPORT_HINTS)), text)
