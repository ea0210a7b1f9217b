"""Figures as the editor words them, for tests that compare a page with the service's numbers."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def percent_text(share: float) -> str:
    """A share (an accuracy) as `frontend/src/components/percent.ts` reads it: "96.3 %", one
    decimal, a half rounded up after cutting float32 noise to 6 significant digits."""
    tenths = math.floor(float(f"{share * 1000:.6g}") + 0.5)
    return f"{tenths / 10:.1f} %"


def ratio_text(value: float) -> str:
    """A precision, recall or F1 as `ratioText` reads it: "0.963", three decimals; an exact half
    goes up, as JavaScript's `toFixed` takes the larger of two equally near (0.0625: "0.063")."""
    return str(Decimal(value).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP))
