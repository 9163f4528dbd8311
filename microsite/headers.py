"""Security and caching rules for hosts: the Content-Security-Policy and the `_headers` file (Netlify, Cloudflare Pages)."""
from __future__ import annotations

# No inline script or style anywhere; JSON-LD is a data block, which CSP does not execute or block.
CSP_META = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'")
# frame-ancestors only works as a header, so the header's policy adds it.
CSP_HEADER = CSP_META + "; frame-ancestors 'none'"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP_HEADER,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
IMMUTABLE = "public, max-age=31536000, immutable"


def headers_file(base_path: str) -> str:
    """The `_headers` file: fingerprinted assets cached for a year, security headers on everything."""
    lines = [f"{base_path}static/*", f"  Cache-Control: {IMMUTABLE}", "", f"{base_path}*"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    return "\n".join(lines) + "\n"
