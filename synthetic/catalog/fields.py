"""The fields by short name and what each pays; `field_weights` spells a field mix with short names."""

from __future__ import annotations

from data_loaders.schema import FIELDS

F_SWE, F_DATA, F_AI, F_SEC, F_IT, F_HW, F_PD, F_QUANT, F_OTHER = FIELDS
# Base hourly pay (USD) by field for a mid-tier US employer.
FIELD_PAY: dict[str, float] = {
    F_SWE: 40.0,
    F_DATA: 33.0,
    F_AI: 44.0,
    F_SEC: 32.0,
    F_IT: 25.0,
    F_HW: 34.0,
    F_PD: 31.0,
    F_QUANT: 58.0,
    F_OTHER: 24.0,
}


def field_weights(**weights: float) -> dict[str, float]:
    """Field weights keyed by short names, expanded to the canonical field names."""
    short = {
        "swe": F_SWE,
        "data": F_DATA,
        "ai": F_AI,
        "sec": F_SEC,
        "it": F_IT,
        "hw": F_HW,
        "pd": F_PD,
        "quant": F_QUANT,
        "other": F_OTHER,
    }
    return {short[key]: value for key, value in weights.items()}
