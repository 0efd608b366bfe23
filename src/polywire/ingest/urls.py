"""One spelling per page: the same article reached by different links is fetched once.

courlan normalises (lower-case host, sorted query, default ports); on top, a
news link drops what varies without changing the page: tracking parameters,
the fragment, http versus https and a trailing slash.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

_TRACKING = {"fbclid", "gclid", "yclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref"}


def canonical_url(url: str) -> str:
    parts = urlsplit(normalize_url(url))
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING
    ]
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", parts.netloc, path, urlencode(query), ""))
