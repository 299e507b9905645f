"""Kind for machine-learning projects: are limitations, data provenance and bias documented?"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..analysis.markdown import count_words
from ..analysis.placeholders import placeholder_reason
from ..analysis.source.analyze import is_test_path
from ..context import RepoContext
from . import Evidence, Measurement, kind, not_applicable, parameter

_I = re.IGNORECASE
SNIPPET_CHARS = 200
# Under a matching heading this many words of real text count as documenting the aspect;
# a single sentence in passing counts for half.
SECTION_WORDS_FOR_FULL_CREDIT = 25
PASSING_MENTION_CREDIT = 0.5

_ML_PACKAGES = re.compile(
    r"(?<![\w-])(torch|pytorch|torchvision|tensorflow|tensorflow-gpu|tf-keras|keras|scikit-learn|sklearn|transformers|"
    r"jax|flax|xgboost|lightgbm|catboost|pytorch-lightning|lightning|fastai|sentence-transformers|diffusers|"
    r"datasets|peft|accelerate|onnxruntime|spacy|gensim|statsmodels|mlflow|openai|anthropic|langchain|"
    r"llama-cpp-python|face[-_]recognition|deepface|ultralytics|mediapipe|@tensorflow/tfjs|brain\.js|ml5)"
    r"(?![\w-])",
    _I,
)
_ML_IMPORTS = re.compile(
    r"^\s*(import|from) (torch|tensorflow|keras|sklearn|transformers|jax|xgboost|lightgbm|catboost|fastai|"
    r"pytorch_lightning|lightning|diffusers|sentence_transformers|openai|anthropic|langchain\w*|face_recognition|"
    r"deepface|ultralytics|mediapipe|spacy|gensim)\b|"
    r"(?:from|require\()\s*['\"](@tensorflow/tfjs[\w-]*|brain\.js|ml5|openai|@anthropic-ai/sdk)['\"]",
    re.MULTILINE,
)
# Strings one of which every match of _ML_IMPORTS contains (a module's name; tests check them
# against the pattern): most source files hold none, and ``in`` skips through a file some three
# times faster than the engine tries the pattern's unanchored branch at every position.
_ML_IMPORT_HINTS = (
    "torch", "tensorflow", "keras", "sklearn", "transformers", "jax", "xgboost", "lightgbm", "catboost", "fastai",
    "lightning", "diffusers", "openai", "anthropic", "langchain", "face_recognition", "deepface", "ultralytics",
    "mediapipe", "spacy", "gensim", "brain.js", "ml5",
)
# Clients of a hosted model (an LLM API) have no model, training data or weights of their own
# to document: using one is not, alone, a machine-learning project. It still counts towards
# "acts on people's input" for a project that is machine learning on other evidence.
_HOSTED_MODEL_APIS = frozenset({"openai", "anthropic", "@anthropic-ai/sdk", "langchain", "llama-cpp-python"})
# A library that a model-using file imports: its model-work calls count only in such files
# ("decoder.generate(" in a Java codec is not machine learning).
_MODEL_STACK = re.compile(r"^\s*(import|from) (numpy|pandas|scipy|torch|tensorflow|keras|sklearn|jax|transformers|"
                          r"xgboost|lightgbm|catboost|fastai|lightning|pytorch_lightning|face_recognition|cv2|"
                          r"ultralytics|mediapipe|deepface|spacy|gensim)\b", re.MULTILINE)
# What a model-using project does: fit, train, evaluate, predict, generate.
_MODEL_WORK = re.compile(
    r"\.(fit|fit_transform|predict|predict_proba|evaluate|generate)\(|\b(optimizer|opt)\.step\(\)|\.backward\(\)|"
    r"\btrain_test_split\b|\bcross_val_score\b|\bfrom_pretrained\(|\bpipeline\(|\bTrainer\(|\bmodel\.(train|eval)\(\)|"
    r"\bchat\.completions\.create\(|\bmessages\.create\(|\bface_encodings\(|\bcompare_faces\(|\bload_model\(|"
    r"\btorch\.load\(|\bjoblib\.load\("
)
# Data fed to a model: loaded datasets, tables, images.
_DATA_LOADING = re.compile(
    r"\bload_dataset\(|\bDataLoader\(|\btorchvision\.datasets\b|\bImageFolder\(|\btf\.data\.|\bread_csv\(|"
    r"\bread_parquet\(|\bload_image_file\(|\bimread\(|\bImage\.open\(|\bnp\.load(txt)?\(|\bkeras\.datasets\b|"
    r"\bsklearn\.datasets\b|\bfetch_openml\(|\bmnist\b|\bcifar",
    _I,
)
# A README or doc that says the project trains or applies a model on data.
_ML_DESCRIPTION = re.compile(
    r"\b(machine[- ]learning|deep[- ]learning|neural net\w*|(trained|fine-?tuned|train|training|fine-?tune|evaluated) "
    r"(on|with|a|the|our|my)\b|training (data|set)|models?|classif\w+|predict\w*|regression|inference|llms?|gpt-?\w*|"
    r"embeddings?|sentiment|object detection|segmentation|recogni[sz]\w+)\b",
    _I,
)
# Training done here: the calls that fit a model, or a script named for it (train.py, finetune.py).
_TRAINS = re.compile(
    r"\.(fit|fit_transform)\(|\b(optimizer|opt)\.step\(\)|\.backward\(\)|\btrain_test_split\b|"
    r"\bcross_val_score\b|\bTrainer\(|\bmodel\.train\(\)|\bmodel\.compile\("
)
_TRAINING_SCRIPT = re.compile(r"(^|/)(train|training|fine_?tune|finetuning)[\w-]*\.\w+$", _I)
_DATASET_DESCRIPTION = re.compile(
    r"\b(data ?sets?|training (data|set)|(trained|fine-?tuned|evaluated) on|labell?ed (data|images|examples)|"
    r"corpus|kaggle|huggingface\.co/datasets|uci machine learning|samples? (from|of)|collected (from|by))\b",
    _I,
)
_ML_TOPICS = {
    "machine-learning", "deep-learning", "ml", "ai", "artificial-intelligence", "neural-network", "neural-networks",
    "nlp", "natural-language-processing", "computer-vision", "llm", "pytorch", "tensorflow", "scikit-learn",
    "keras", "transformers", "data-science", "classification", "reinforcement-learning", "generative-ai",
}
# Trained weights settle it: a model exists. A "models/" folder is just as likely an MVC web
# app's database models, so it counts for nothing.
_WEIGHT_FILES = re.compile(r"\.(onnx|pt|pth|h5|pkl|joblib|safetensors|tflite|ckpt|keras)$", _I)
_NOTEBOOK = re.compile(r"(^|/)notebooks?/|\.ipynb$", _I)
# Kinds of evidence; a project is machine learning by its topic or weights, or by two kinds
# at least, so one import (a test comparing against torch) or one word decides nothing.
EVIDENCE_NEEDED = 2
# Characters of each README or doc read for what the project says it does.
MAX_PROSE_CHARS = 100_000
MANIFEST_EVIDENCE = 2  # a runtime dependency on an ML framework is the project saying what it is built on
# "bias" in its neural-network sense (a layer's bias term) says nothing about fairness.
_PARAMETER_BIAS = re.compile(
    r"\b(non[- ]?)bias\b|\bbias(es)?[ _-]*(weights?|terms?|vectors?|units?|parameters?|params|values?|neurons?|"
    r"nodes?|tensors?|init\w*|correction|gradients?|=|_)|\b(weights?|kernels?) (and|&|or|,) biases?\b|"
    r"\b(add|adds|adding|with|without|no|learnable|learned|initial|zero) biases?\b(?! (in|of|against|toward|towards|from))",
    _I,
)


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


@dataclass(frozen=True)
class MLSignal:
    """Why a repository is (or is not) a machine-learning project, and whether it works on data."""

    reason: str  # "" when it is not machine learning
    data_reason: str  # "" when nothing shows data the model learns from or acts on


def _own_source(ctx) -> list:
    return [entry for entry in ctx.source_files if not is_test_path(entry.path)]


def _ml_imports(text: str) -> list:
    """``list(_ML_IMPORTS.finditer(text))``, answered [] at once for a text holding none of its hints."""
    for hint in _ML_IMPORT_HINTS:
        if hint in text:
            return list(_ML_IMPORTS.finditer(text))
    return []


def _ml_signal(ctx) -> MLSignal:
    """What the project is and does, from its own code, its manifests, its docs and its files.

    Tests are left out: a test that checks an autograd engine against torch does not make the
    engine a machine-learning project.
    """
    paths = sorted([f.path for f in ctx.repo.files] + [s.path for s in ctx.repo.skipped])
    source = _own_source(ctx)
    prose = "\n".join(entry.text[:MAX_PROSE_CHARS] for entry in ctx.prose_documents)
    topic = next((t for t in ctx.repo.topics if t.lower() in _ML_TOPICS), None)
    weights = next((p for p in paths if _WEIGHT_FILES.search(p) and not is_test_path(p)), None)
    manifest = next(((e.path, m.group(1)) for e in ctx.manifests for m in _ML_PACKAGES.finditer(e.text)
                     if m.group(1).lower() not in _HOSTED_MODEL_APIS), None)
    imports = [(e.path, m.group(2) or m.group(3)) for e in source for m in _ml_imports(e.text)]
    imported = next((i for i in imports if i[1].lower().split(".")[0] not in _HOSTED_MODEL_APIS
                     and not i[1].lower().startswith("langchain")), None)
    hosted = next((i for i in imports if i not in [imported]), None)
    work = next((e.path for e in source if _MODEL_STACK.search(e.text) and _MODEL_WORK.search(e.text)), None)
    described = _ML_DESCRIPTION.search(prose)
    notebook = next((p for p in paths if _NOTEBOOK.search(p)), None)
    kinds_of_evidence: list[tuple[int, Any]] = [
        (MANIFEST_EVIDENCE if manifest else 0, manifest and f"{manifest[0]} depends on {manifest[1]}"),
        (1 if imported else 0, imported and f"{imported[0]} imports {imported[1]}"),
        (1 if work else 0, work and f"{work} trains or runs a model"),
        (1 if described else 0, described and f"the docs speak of '{described.group(0)}'"),
        (1 if notebook else 0, notebook and f"notebook {notebook}"),
    ]
    if topic:
        reason = f"topic '{topic}'"
    elif weights:
        reason = f"model file {weights}"
    elif sum(points for points, _ in kinds_of_evidence) >= EVIDENCE_NEEDED:
        reason = "; ".join(why for points, why in kinds_of_evidence if points)
    else:
        return MLSignal("", "")
    # Only a machine-learning project is asked what it does with data: searching every source
    # file for data loading and training costs most of this reading, so not before it is needed.
    loads = next((e.path for e in source if _DATA_LOADING.search(e.text)), None)
    trains = next((e.path for e in source if _TRAINING_SCRIPT.search(e.path) or _TRAINS.search(e.text)), None)
    dataset = _DATASET_DESCRIPTION.search(prose)
    applied = next((i for i in (imported, hosted) if i and i[1].lower() in (
        "openai", "anthropic", "face_recognition", "deepface", "ultralytics", "mediapipe", "@anthropic-ai/sdk")), None)
    if topic or weights:
        data_reason = reason
    elif trains:
        data_reason = f"{trains} trains a model"
    elif loads:
        data_reason = f"{loads} loads data for the model"
    elif dataset:
        data_reason = f"the docs describe its data ('{dataset.group(0)}')"
    elif applied:
        data_reason = f"{applied[0]} applies {applied[1]} to people's input"
    else:
        data_reason = ""
    return MLSignal(reason, data_reason)


# Aspects that only arise when the model learns from or acts on data of the project's own: an
# inference engine for someone else's model has no data to account for. Bias is asked of every
# machine-learning project: a model applied to people's input can treat them unfairly even when
# this project trained nothing.
DATA_ASPECTS = ("data",)


def label_of(aspect: str) -> str:
    return ASPECTS[aspect][2]


def _mentions(aspect: str, pattern, text: str) -> bool:
    """Whether ``text`` speaks of the aspect; for bias, not of a layer's bias term ("non bias weights")."""
    if aspect != "bias":
        return bool(pattern.search(text))
    return bool(pattern.search(_PARAMETER_BIAS.sub(" ", text)))


@dataclass(frozen=True)
class MlDocumentationParameters:
    """The parameters of ``ml_documentation``: the neutral defaults; a rule file sets its own values."""

    aspect: str = parameter("limitations", choices=ASPECTS)


@kind("ml_documentation", parameters=MlDocumentationParameters)
def ml_documentation(ctx: RepoContext, params: MlDocumentationParameters) -> Measurement:
    """Whether a machine-learning project documents one ``aspect``: limitations, data provenance or bias.

    A matching section scores its real words over SECTION_WORDS_FOR_FULL_CREDIT (capped at 1), a
    passing mention PASSING_MENTION_CREDIT, nothing 0; the best place found counts. Not
    applicable when the project's own code, manifests and docs do not show a model trained or
    applied, and for data and bias when nothing shows data the model learns from or acts on.
    """
    aspect = params.aspect
    if aspect not in ASPECTS:
        raise ValueError(f"unknown aspect {aspect!r} (known: {', '.join(ASPECTS)})")
    # One reading per repository for the three aspect rules: it searches every source file.
    ml = ctx.memo("ml_signal", lambda: _ml_signal(ctx))
    if not ml.reason:
        return not_applicable("not a machine-learning project (its own code, manifests and docs show no model "
                              "trained or applied)")
    if aspect in DATA_ASPECTS and not ml.data_reason:
        return not_applicable(f"a machine-learning project ({ml.reason}) that neither learns from nor acts on data "
                              f"of its own: {label_of(aspect)} does not arise")
    signal = ml.reason
    heading_pattern, text_pattern, label = ASPECTS[aspect]
    best = 0.0
    evidence = []
    for entry in ctx.prose_documents:
        doc = ctx.markdown(entry)
        for section in doc.sections:
            if (not section.level or not _mentions(aspect, heading_pattern, section.heading)
                    or section.index in doc.hollow):
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
            if doc.sections[paragraph.section].level and _mentions(aspect, heading_pattern,
                                                                   doc.sections[paragraph.section].heading):
                continue
            if _mentions(aspect, text_pattern, paragraph.text) and not placeholder_reason(paragraph.text):
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
