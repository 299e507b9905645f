"""The on-disk HTTP cache of the GitHub collector: conditional requests, immutable blobs, derived records.

Three kinds of entry, all written atomically (temporary file + ``os.replace``) so a
run killed mid-write leaves either the old entry or the new one, never half of one,
and pruned by the rules of ``cache_files`` (unused for a month, or least recently used
past a size cap):

- *responses*: GET responses with an ETag or Last-Modified, replayed when GitHub
  answers a conditional request with 304 (which GitHub does not count against the
  primary rate limit);
- *blobs*: bytes addressed by something immutable (a tarball of a commit sha), served
  without asking the network at all;
- *records*: JSON the collector derived (a GraphQL answer) with the fingerprint of
  the REST data it was valid for.

The token never reaches the cache: keys are method + URL + Accept, request headers
are not stored, and response headers are kept only from an allow-list.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Optional

from requests.adapters import HTTPAdapter

from ..cache_files import mark_used, prune as prune_folder, replace_file

CACHE_FORMAT = "1"
# Response headers worth replaying; anything else (cookies, request ids) stays out of the cache.
KEPT_HEADERS = ("content-type", "etag", "last-modified", "link", "x-github-media-type")
# Entries are pruned when a cache is opened (cache_files.prune). Unused this long, an entry
# belongs to a commit or a page nobody audits any more; a weekly Action run marks its
# entries every week, so a month keeps them with room to spare.
MAX_UNUSED_DAYS = 30
# Past this, the least recently used entries go. A cold 1,000-repository audit writes
# about 100 MB (82 MB of it archives), so a cap ten times that keeps even such audits whole.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
ENTRY_SUFFIXES = (".entry", ".bin", ".json")
# Responses above this size are not worth a disk round-trip (and GitHub JSON pages never are).
MAX_CACHED_RESPONSE_BYTES = 16 * 1024 * 1024
# Marks an answer replayed from the cache after a 304, for counters and tests.
REPLAYED_HEADER = "X-Portfolio-Audit-Cache"


def cache_key(method: str, url: str, accept: Optional[str]) -> str:
    return hashlib.sha256(f"{method.upper()}\n{url}\n{accept or ''}".encode("utf-8")).hexdigest()


def _atomic_write(target: Path, data: bytes) -> None:
    """Write via a temporary file and os.replace; a full or read-only disk costs requests later, never the run."""
    try:
        _replace_file(target, data)
    except OSError:
        pass


def _replace_file(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_file(target, data)


@dataclass(frozen=True)
class CachedResponse:
    url: str
    status: int
    headers: dict
    body: bytes

    @property
    def etag(self) -> Optional[str]:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> Optional[str]:
        return self.headers.get("last-modified")


class HttpCache:
    """A folder of cache entries; safe to share between threads and between runs."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.prune()

    def _path(self, section: str, key: str, suffix: str) -> Path:
        return self.directory / section / key[:2] / f"{key}{suffix}"

    def prune(self, now: Optional[float] = None) -> int:
        """Delete entries unused for MAX_UNUSED_DAYS, then the least recently used beyond MAX_TOTAL_BYTES; how many went."""
        return prune_folder(self.directory, ENTRY_SUFFIXES, MAX_UNUSED_DAYS, MAX_TOTAL_BYTES, now, recursive=True)

    @staticmethod
    def _read(path: Path) -> Optional[bytes]:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        mark_used(path)  # a damaged entry is marked too; it is rewritten or ages out, either way harmless
        return data

    # -- responses --------------------------------------------------------------------
    def load_response(self, key: str) -> Optional[CachedResponse]:
        raw = self._read(self._path("responses", key, ".entry"))
        if raw is None:
            return None
        header, _, body = raw.partition(b"\n")
        try:
            meta = json.loads(header)
        except ValueError:
            return None
        # A checksum mismatch means a damaged file (a full disk, a copy gone wrong): a miss, not a crash.
        if meta.get("format") != CACHE_FORMAT or meta.get("sha256") != hashlib.sha256(body).hexdigest():
            return None
        return CachedResponse(url=meta["url"], status=meta["status"], headers=meta["headers"], body=body)

    def store_response(self, key: str, response: CachedResponse) -> None:
        headers = {name: value for name, value in response.headers.items() if name in KEPT_HEADERS}
        meta = {"format": CACHE_FORMAT, "url": response.url, "status": response.status, "headers": headers,
                "sha256": hashlib.sha256(response.body).hexdigest()}
        _atomic_write(self._path("responses", key, ".entry"), json.dumps(meta).encode("utf-8") + b"\n" + response.body)

    # -- immutable blobs -----------------------------------------------------------------
    def load_blob(self, name: str) -> Optional[bytes]:
        key = hashlib.sha256(name.encode("utf-8")).hexdigest()
        raw = self._read(self._path("blobs", key, ".bin"))
        if raw is None or len(raw) < 64:
            return None
        checksum, body = raw[:64].decode("ascii", "replace"), raw[64:]
        return body if hashlib.sha256(body).hexdigest() == checksum else None

    def store_blob(self, name: str, data: bytes) -> None:
        key = hashlib.sha256(name.encode("utf-8")).hexdigest()
        _atomic_write(self._path("blobs", key, ".bin"), hashlib.sha256(data).hexdigest().encode("ascii") + data)

    # -- derived records -----------------------------------------------------------------
    def load_record(self, name: str, fingerprint: str) -> Optional[dict]:
        key = hashlib.sha256(name.encode("utf-8")).hexdigest()
        raw = self._read(self._path("records", key, ".json"))
        if raw is None:
            return None
        try:
            record = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(record, dict) or record.get("fingerprint") != fingerprint:
            return None
        return record.get("data")

    def store_record(self, name: str, fingerprint: str, data: dict) -> None:
        key = hashlib.sha256(name.encode("utf-8")).hexdigest()
        payload = json.dumps({"name": name, "fingerprint": fingerprint, "data": data}, ensure_ascii=False)
        _atomic_write(self._path("records", key, ".json"), payload.encode("utf-8"))


@dataclass
class RequestMeter:
    """What went over the wire, counted on the client side (thread-safe)."""

    sent: int = 0
    not_modified: int = 0
    served_from_cache: int = 0  # blobs and records used without any request
    rate_limit: dict = field(default_factory=dict)  # resource -> last {"remaining", "limit", "reset"}
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, status: int, headers: Mapping) -> None:
        """Count one response; ``headers`` in any letter case (PyGithub lower-cases them, requests does not)."""
        lower = {str(name).lower(): value for name, value in headers.items()}
        resource = lower.get("x-ratelimit-resource") or "core"
        with self._lock:
            self.sent += 1
            self.not_modified += status == 304
            remaining = lower.get("x-ratelimit-remaining")
            if remaining is not None:
                self.rate_limit[resource] = {
                    "remaining": remaining,
                    "limit": lower.get("x-ratelimit-limit"),
                    "reset": lower.get("x-ratelimit-reset"),
                }

    def count_cache_hit(self) -> None:
        with self._lock:
            self.served_from_cache += 1

    def describe(self) -> str:
        """One line for stderr: what the run cost and what is left of the limits."""
        with self._lock:
            left = ", ".join(f"{resource} {state['remaining']}/{state['limit']}"
                             for resource, state in sorted(self.rate_limit.items()))
            text = (f"{self.sent} requests, {self.not_modified} of them 304 Not Modified (free);"
                    f" {self.served_from_cache} answers reused from the cache without a request")
        return f"{text}; rate limit left: {left}" if left else text


# (status, lower-case headers, body text): what PyGithub's public ``Requester.requestJson`` returns.
Sender = Callable[[dict], tuple]


def conditional_get(cache: Optional[HttpCache], meter: RequestMeter, send: Sender, url: str,
                    accept: Optional[str]) -> tuple:
    """A GET that revalidates a cached answer with If-None-Match / If-Modified-Since; a 304 replays it.

    ``send(headers)`` makes the request (the collector passes PyGithub's requester, so
    authentication and error types stay PyGithub's); ``url`` with its query is the
    cache key. A replayed answer carries the 304's current rate-limit headers and the
    cached body, so callers never see the difference, except that it cost no rate limit.
    """
    headers = {"Accept": accept} if accept else {}
    key = entry = None
    if cache is not None:
        key = cache_key("GET", url, accept)
        entry = cache.load_response(key)
        if entry is not None:
            if entry.etag:
                headers["If-None-Match"] = entry.etag
            elif entry.last_modified:
                headers["If-Modified-Since"] = entry.last_modified
    status, response_headers, body = send(headers)
    response_headers = {str(name).lower(): value for name, value in response_headers.items()}
    meter.record(status, response_headers)
    if entry is not None and status == 304:
        replayed = dict(entry.headers)
        for name, value in response_headers.items():
            if name.startswith("x-ratelimit") or name == "etag":
                replayed[name] = value
        replayed[REPLAYED_HEADER.lower()] = "revalidated"
        return entry.status, replayed, entry.body.decode("utf-8", "replace")
    if cache is not None and key is not None and status == 200 and (
            "etag" in response_headers or "last-modified" in response_headers):
        data = (body or "").encode("utf-8")
        if len(data) <= MAX_CACHED_RESPONSE_BYTES:
            cache.store_response(key, CachedResponse(url, 200, response_headers, data))
    return status, response_headers, body


class MeteredAdapter(HTTPAdapter):
    """A requests adapter that counts every response: archive downloads, which leave PyGithub."""

    def __init__(self, meter: RequestMeter, **kwargs):
        super().__init__(**kwargs)
        self.meter = meter

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        self.meter.record(response.status_code, response.headers)
        return response
