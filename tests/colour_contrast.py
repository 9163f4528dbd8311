"""WCAG 2.x colour maths on the colours a browser computes: relative luminance and contrast ratio."""
from __future__ import annotations


def parse_rgb(color: str) -> tuple[float, float, float, float]:
    """Parse a computed 'rgb(r, g, b)' or 'rgba(r, g, b, a)' colour."""
    inside = color[color.index("(") + 1:color.rindex(")")].replace("/", ",")
    parts = [float(p) for p in inside.replace(",", " ").split()]
    return parts[0], parts[1], parts[2], parts[3] if len(parts) > 3 else 1.0


def luminance(color: str) -> float:
    """The relative luminance of an opaque colour (WCAG 2.x)."""
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b, _ = parse_rgb(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
