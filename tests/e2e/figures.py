"""Figures as the editor words them, for tests that compare a page with the service's numbers."""

from __future__ import annotations

import math


def percent_text(share: float) -> str:
    """A share (an accuracy) as `frontend/src/components/percent.ts` reads it: "96.3 %", one
    decimal, a half rounded up after cutting float32 noise to 6 significant digits."""
    tenths = math.floor(float(f"{share * 1000:.6g}") + 0.5)
    return f"{tenths / 10:.1f} %"
