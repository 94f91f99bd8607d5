"""Offline language identification: Indonesian, English, or other.

py3langid ships its model inside the wheel (nothing is downloaded). It is restricted to the
languages a regency's feeds actually carry, which makes it both faster and steadier on short
posts; Malay answers are Indonesian here (the two share most short-text vocabulary, and a
regional government's audience is Indonesian).
"""

from __future__ import annotations

import threading

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

_CANDIDATES = ["id", "ms", "en", "jv", "nl", "de", "fr", "es", "pt", "tl", "ar", "zh", "ja"]
_AS = {"id": "id", "ms": "id", "en": "en"}
_MIN_CONFIDENCE = 0.5


_model: LanguageIdentifier | None = None
_loading = threading.Lock()


def _identifier() -> LanguageIdentifier:
    """The model, loaded once per process: a worker triages in many threads at once, and each
    load takes ~77 MiB and ~0.8 s of CPU (25 cold threads each loading it took a worker from
    140 to over 600 MiB)."""
    global _model
    if _model is None:
        with _loading:
            if _model is None:
                identifier = LanguageIdentifier.from_modelpath(
                    MODEL_DIR / MODEL_FILE, norm_probs=True
                )
                identifier.set_languages(_CANDIDATES)
                _model = identifier
    return _model


def load_model() -> None:
    """Load the model now (the worker, at start): otherwise the first report after every
    restart waits for it in triage, 0.5-0.7 s of CPU."""
    _identifier()


def detect_language(text: str) -> str:
    """'id', 'en', or 'und' when the text is empty or the model is unsure."""
    if not any(ch.isalpha() for ch in text):
        return "und"
    label, confidence = _identifier().classify(text)
    if label in ("id", "ms", "en"):
        return _AS[str(label)]
    return "other" if float(confidence) >= _MIN_CONFIDENCE else "und"
