"""Kind for machine-learning projects: are limitations, data provenance and bias documented?"""

from __future__ import annotations

import re

from ..analysis.placeholders import placeholder_reason
from ..analysis.markdown import count_words
from . import Evidence, Measurement, kind, not_applicable

_I = re.IGNORECASE
SNIPPET_CHARS = 200
# Under a matching heading this many words of real text count as documenting the aspect;
# a single sentence in passing counts for half.
SECTION_WORDS_FOR_FULL_CREDIT = 25
PASSING_MENTION_CREDIT = 0.5

_ML_PACKAGES = re.compile(
    r"(?<![\w-])(torch|pytorch|torchvision|tensorflow|tensorflow-gpu|tf-keras|keras|scikit-learn|sklearn|transformers|"
    r"jax|flax|xgboost|lightgbm|catboost|pytorch-lightning|lightning|fastai|sentence-transformers|diffusers|"
    r"datasets|peft|accelerate|onnxruntime|spacy|gensim|statsmodels|mlflow|openai|langchain|llama-cpp-python)"
    r"(?![\w-])",
    _I,
)
_ML_IMPORTS = re.compile(
    r"^\s*(import|from) (torch|tensorflow|keras|sklearn|transformers|jax|xgboost|lightgbm|catboost|fastai|"
    r"pytorch_lightning|lightning|diffusers|sentence_transformers)\b",
    re.MULTILINE,
)
_ML_TOPICS = {
    "machine-learning", "deep-learning", "ml", "ai", "artificial-intelligence", "neural-network", "neural-networks",
    "nlp", "natural-language-processing", "computer-vision", "llm", "pytorch", "tensorflow", "scikit-learn",
    "keras", "transformers", "data-science", "classification", "reinforcement-learning", "generative-ai",
}
# A "models/" folder is just as likely an MVC web app's database models, so only
# notebooks and serialized-model files count as path evidence of machine learning.
_ML_PATHS = re.compile(r"(^|/)notebooks?/|\.(ipynb|onnx|pt|pth|h5|pkl|joblib|safetensors|tflite)$", _I)

ASPECTS = {
    "limitations": (
        re.compile(r"(limitations?|intended use|out[- ]of[- ]scope|known (issues|failure)|caveats?|model card|"
                   r"when not to use|failure modes?|scope)", _I),
        re.compile(r"\b(limitations?|not (intended|suitable|designed|meant) for|should not be used|fails? (on|when)|"
                   r"performs? (poorly|worse)|out[- ]of[- ]distribution|intended (use|for)|only (trained|tested|works))\b", _I),
        "limitations and intended use",
    ),
    "data": (
        re.compile(r"(data ?sets?|data (source|provenance|collection)|training data|corpus|datasheet|\bdata\b)", _I),
        re.compile(r"\b((trained|collected|scraped|sourced|downloaded|obtained|labell?ed|annotated) (on|from|by|with)|"
                   r"data ?set (from|is|was|contains|consists)|licen[cs]ed under|source of the data|samples|"
                   r"kaggle|huggingface\.co/datasets|uci machine learning)\b", _I),
        "where the data comes from",
    ),
    "bias": (
        re.compile(r"(bias|fairness|ethic|responsible|societal|harms?|risks?|privacy|safety)", _I),
        re.compile(r"\b(bias(es|ed)?|fairness|unfair|ethic(s|al)|discriminat\w+|under-?represent\w*|demographic\w*|"
                   r"gender|race|ethnicity|privacy|consent|harm(s|ful)?|misuse|stereotyp\w+)\b", _I),
        "bias and ethical considerations",
    ),
}


def _ml_signal(ctx) -> str:
    """Why this repository looks like a machine-learning project, or "" when it does not."""
    for topic in ctx.repo.topics:
        if topic.lower() in _ML_TOPICS:
            return f"topic '{topic}'"
    for entry in ctx.manifests:
        match = _ML_PACKAGES.search(entry.text)
        if match:
            return f"{entry.path} depends on {match.group(1)}"
    for entry in ctx.source_files:
        match = _ML_IMPORTS.search(entry.text)
        if match:
            return f"{entry.path} imports {match.group(2)}"
    # Skipped files count too: notebooks and weights are rarely kept as text.
    for path in sorted([f.path for f in ctx.repo.files] + [s.path for s in ctx.repo.skipped]):
        if _ML_PATHS.search(path):
            return f"model or notebook file {path}"
    return ""


@kind("ml_documentation", params=("aspect",))
def ml_documentation(ctx, params) -> Measurement:
    """Whether a machine-learning project documents one ``aspect``: limitations, data provenance or bias.

    A matching section scores its real words over SECTION_WORDS_FOR_FULL_CREDIT (capped at 1), a
    passing mention PASSING_MENTION_CREDIT, nothing 0; the best place found counts. Not
    applicable when nothing marks the project as machine learning.
    """
    aspect = params.get("aspect", "limitations")
    if aspect not in ASPECTS:
        raise ValueError(f"unknown aspect {aspect!r} (known: {', '.join(ASPECTS)})")
    signal = _ml_signal(ctx)
    if not signal:
        return not_applicable("not a machine-learning project (no ML dependencies, imports or topics)")
    heading_pattern, text_pattern, label = ASPECTS[aspect]
    best = 0.0
    evidence = []
    for entry in ctx.prose_documents:
        doc = ctx.markdown(entry)
        for section in doc.sections:
            if not section.level or not heading_pattern.search(section.heading) or section.index in doc.hollow:
                continue
            real = [p for p in doc.paragraphs_in(section.index) if not placeholder_reason(p.text)]
            words = sum(count_words(p.text) for p in real)
            if not words:
                evidence.append(Evidence(entry.path, section.line, section.heading, "heading with no real text under it", positive=False))
                continue
            credit = min(1.0, words / SECTION_WORDS_FOR_FULL_CREDIT)
            if credit > best:
                best = credit
            evidence.append(Evidence(entry.path, section.line, f"{section.heading}: {real[0].text[:SNIPPET_CHARS]}",
                                     f"documents {label} ({words} words)"))
        for paragraph in doc.paragraphs:
            if doc.sections[paragraph.section].level and heading_pattern.search(doc.sections[paragraph.section].heading):
                continue
            if text_pattern.search(paragraph.text) and not placeholder_reason(paragraph.text):
                best = max(best, PASSING_MENTION_CREDIT)
                evidence.append(Evidence(entry.path, paragraph.line, paragraph.text[:SNIPPET_CHARS], f"mentions {label} in passing"))
                break
    if not best:
        evidence.append(Evidence(None, None, None, f"no section on {label} in the README or docs", positive=False))
    return Measurement(
        score=best,
        summary=(f"documents {label}" if best >= 1 else f"{label}: {'mentioned only briefly' if best else 'not documented'}")
        + f" (ML project: {signal})",
        evidence=tuple(evidence),
        values={"label": label, "signal": signal},
    )
