"""Fetching sources: one URL at a time (``fetch_url``, no database) and every due source (``fetch_sources``).

``fetch_url`` follows redirects itself, one hop at a time, checking each hop's host with the address
guard (``claimdesk.netguard``) before a request is sent and again at connect time. Each request runs
under one asyncio deadline that covers connecting, the headers and the whole body, so a server that
drips a byte a second cannot hold a fetch beyond ``timeout``. Connect errors, 429 and 5xx are retried
with exponential backoff, honouring ``Retry-After`` up to a cap.

The body is read raw (transfer-decoded by h11) and content-decoded here, gzip and deflate, in
bounded pieces, so a gzip bomb costs at most ``max_bytes`` of memory before it ends as ``too_large``.
The stored body is therefore the *content-decoded* payload; ``headers`` keep the response headers
exactly as received (including ``Content-Encoding``), and the WARC export rewrites them to match the
stored bytes (see ``claimdesk.warc``). An encoding we cannot decode is stored as received.

A failed fetch is a ``FetchResult`` with ``error`` set to its kind, never an exception:
invalid_url, blocked_address, dns, connect, tls, timeout, too_large, too_many_redirects,
http_status, protocol.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import multiprocessing
import os
import signal
import ssl
import sys
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import sqlite_utils

from claimdesk import __version__
from claimdesk.archive import Extracted, extract, store_result
from claimdesk.errors import FetchError
from claimdesk.netguard import AddressPolicy, GuardedTransport, Resolver, check_url, system_resolver

USER_AGENT = f"claimdesk/{__version__} (+fact-checking archiver)"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
DEAD_STATUSES = frozenset({404, 410})
# Only the encodings decoded here are advertised, so servers do not send br/zstd we would keep raw.
ACCEPT_ENCODING = "gzip, deflate"
DECODABLE_ENCODINGS = frozenset({"gzip", "x-gzip", "deflate", "identity"})
DECODE_PIECE = 64 * 1024

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 30.0
    max_bytes: int = 50_000_000
    max_redirects: int = 10
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 60.0
    concurrency: int = 16
    per_host: int = 2
    per_host_delay: float = 0.0
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    user_agent: str = USER_AGENT
    stale_days: float | None = None
    verify_tls: bool = True
    # processes extracting text beside the event loop; None: one per CPU when there is enough work
    extract_workers: int | None = None


class Clock(Protocol):
    def now(self) -> datetime: ...
    def monotonic(self) -> float: ...
    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds, the format of ``claimdesk.db.utcnow``."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Conditional:
    """Validators of the previous snapshot, for a conditional re-fetch."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


Headers = list[tuple[str, str]]


@dataclass
class FetchResult:
    """One fetch attempt of one URL: what was asked, every hop, and the final response or the error."""

    requested_url: str
    fetched_at: str
    final_url: str | None = None
    redirects: list[dict[str, Any]] = field(default_factory=list)
    status_code: int | None = None
    reason: str | None = None
    http_version: str | None = None
    headers: Headers = field(default_factory=list)
    request_headers: Headers = field(default_factory=list)
    body: bytes | None = None
    error: str | None = None
    error_detail: str | None = None
    elapsed_ms: int = 0
    attempts: int = 0

    def header(self, name: str) -> str | None:
        name = name.lower()
        values = [v for k, v in self.headers if k.lower() == name]
        return ", ".join(values) if values else None

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304 and self.error is None

    @property
    def content_type(self) -> str | None:
        value = self.header("content-type")
        return value.split(";", 1)[0].strip().lower() or None if value else None


class FetchProgress(Protocol):
    def __call__(self, source_id: int, outcome: str) -> None: ...


# --- decoding the body, in bounded pieces ------------------------------------------------------


def content_encodings(header: str | None) -> list[str]:
    """The Content-Encoding codings in the order they were applied."""
    if not header:
        return []
    return [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]


def body_is_decoded(headers: Sequence[tuple[str, str]]) -> bool:
    """Whether the stored body of a response with these headers was content-decoded by ``fetch_url``."""
    value = ", ".join(v for k, v in headers if k.lower() == "content-encoding")
    return all(c in DECODABLE_ENCODINGS for c in content_encodings(value))


class _Inflater:
    """zlib decompression that never produces more than DECODE_PIECE bytes per step."""

    def __init__(self, coding: str):
        self.coding = coding
        self._new(16 + zlib.MAX_WBITS if coding in ("gzip", "x-gzip") else zlib.MAX_WBITS)
        self._started = False

    def _new(self, wbits: int) -> None:
        self.wbits = wbits
        self.obj = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                piece = self.obj.decompress(data, DECODE_PIECE)
            except zlib.error:
                if self.coding == "deflate" and not self._started:
                    # "deflate" is sometimes sent without the zlib wrapper
                    self._new(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise
            self._started = True
            if piece:
                yield piece
            if self.obj.eof:
                # a further gzip member may follow
                data = self.obj.unused_data
                if data:
                    self._new(self.wbits)
                continue
            data = self.obj.unconsumed_tail

    def flush(self) -> Iterator[bytes]:
        rest = self.obj.flush()
        if rest:
            yield rest


def _decode_pieces(raw: bytes, decoders: list[_Inflater]) -> Iterator[bytes]:
    pieces: Iterator[bytes] = iter([raw])
    for decoder in decoders:
        pieces = (out for piece in pieces for out in decoder.feed(piece))
    return pieces


async def read_body(response: httpx.Response, max_bytes: int) -> bytes:
    """The response body, content-decoded when we know the coding; too_large past ``max_bytes``."""
    codings = content_encodings(response.headers.get("content-encoding"))
    decoders = [_Inflater(c) for c in reversed(codings)] if all(c in DECODABLE_ENCODINGS for c in codings) else []
    body = bytearray()

    def take(piece: bytes) -> None:
        body.extend(piece)
        if len(body) > max_bytes:
            raise FetchError("too_large", f"body exceeds {max_bytes} bytes")

    try:
        async for raw in response.aiter_raw():
            for piece in _decode_pieces(raw, decoders):
                take(piece)
        for i, decoder in enumerate(decoders):
            for piece in decoder.flush():
                for out in _decode_pieces(piece, decoders[i + 1 :]):
                    take(out)
    except zlib.error as e:
        raise FetchError("decoding", f"bad {', '.join(codings)} body: {e}") from e
    return bytes(body)


# --- politeness: per-host slots ----------------------------------------------------------------


class HostGate:
    """At most ``per_host`` requests in flight to one host, started at least ``delay`` seconds apart."""

    def __init__(self, per_host: int, delay: float = 0.0, clock: Clock | None = None):
        self.per_host = max(1, per_host)
        self.delay = delay
        self.clock = clock or SystemClock()
        self._slots: dict[str, asyncio.Semaphore] = defaultdict(lambda: asyncio.Semaphore(self.per_host))
        self._next_start: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, host: str) -> AsyncIterator[None]:
        async with self._slots[host]:
            if self.delay > 0:
                now = self.clock.monotonic()
                start = max(now, self._next_start.get(host, now))
                self._next_start[host] = start + self.delay  # reserve before sleeping
                if start > now:
                    await self.clock.sleep(start - now)
            yield


# --- one URL ---------------------------------------------------------------------------------


@dataclass
class _Received:
    status_code: int
    reason: str
    http_version: str
    headers: Headers
    request_headers: Headers
    body: bytes | None


def _headers_of(raw: Sequence[tuple[bytes, bytes]]) -> Headers:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw]


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is true too
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _retryable_status(status: int) -> bool:
    return status == 429 or 500 <= status <= 599


async def _send_once(
    client: httpx.AsyncClient, url: httpx.URL, headers: dict[str, str], options: FetchOptions
) -> _Received:
    request = client.build_request("GET", url, headers=headers)
    response = await client.send(request, stream=True, follow_redirects=False)
    try:
        status = response.status_code
        skip_body = status in REDIRECT_STATUSES or _retryable_status(status) or status == 304
        body = None if skip_body else await read_body(response, options.max_bytes)
    finally:
        await response.aclose()
    return _Received(
        status_code=status,
        reason=response.reason_phrase,
        http_version=response.http_version,
        headers=_headers_of(response.headers.raw),
        request_headers=_headers_of(request.headers.raw),
        body=body,
    )


def _is_tls_error(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ssl.SSLError | ssl.CertificateError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return "SSL" in str(exc) or "certificate" in str(exc).lower()


async def _request_with_retries(
    client: httpx.AsyncClient,
    url: httpx.URL,
    headers: dict[str, str],
    options: FetchOptions,
    clock: Clock,
    gate: HostGate | None,
    result: FetchResult,
    deadline: float,
) -> _Received:
    """One hop: send, retrying connect errors, 429 and 5xx, all before ``deadline`` (clock time).
    A retry whose wait would pass the deadline is not made: the last answer or error stands."""
    attempt = 0
    while True:
        attempt += 1
        result.attempts += 1
        retry_in: float | None = None
        remaining = deadline - clock.monotonic()
        if remaining <= 0:
            raise FetchError("timeout", f"no complete response within {options.timeout:g} s")
        try:
            async with gate.slot(url.host) if gate else _no_slot():
                async with asyncio.timeout(remaining):
                    received = await _send_once(client, url, headers, options)
        except TimeoutError as e:
            raise FetchError("timeout", f"no complete response within {options.timeout:g} s") from e
        except httpx.TimeoutException as e:
            raise FetchError("timeout", f"{type(e).__name__}: {e}") from e
        except httpx.ConnectError as e:
            if _is_tls_error(e):
                raise FetchError("tls", str(e) or "TLS handshake failed") from e
            retry_in = options.backoff * 2 ** (attempt - 1)
            if attempt > options.retries or retry_in >= deadline - clock.monotonic():
                raise FetchError("connect", str(e) or "connection failed") from e
        else:
            if not _retryable_status(received.status_code) or attempt > options.retries:
                return received
            backoff = options.backoff * 2 ** (attempt - 1)
            told = retry_after_seconds(
                next((v for k, v in received.headers if k.lower() == "retry-after"), None), clock.now()
            )
            retry_in = min(options.max_retry_after, told) if told is not None else backoff
            if retry_in >= deadline - clock.monotonic():
                return received
        await clock.sleep(retry_in)


@asynccontextmanager
async def _no_slot() -> AsyncIterator[None]:
    yield


async def fetch_url(
    url: str,
    *,
    client: httpx.AsyncClient,
    resolver: Resolver = system_resolver,
    options: FetchOptions | None = None,
    clock: Clock | None = None,
    gate: HostGate | None = None,
    conditional: Conditional | None = None,
) -> FetchResult:
    """Fetch ``url``, following redirects hop by hop; every failure is a result with an error kind."""
    options = options or FetchOptions()
    clock = clock or SystemClock()
    started = clock.monotonic()
    # One deadline for the whole fetch: every hop, retry and wait, connect and body included.
    deadline = started + options.timeout
    result = FetchResult(requested_url=url, fetched_at=iso(clock.now()))
    headers = {"User-Agent": options.user_agent, "Accept-Encoding": ACCEPT_ENCODING, "Accept": "*/*"}
    if conditional:
        headers.update(conditional.headers())
    try:
        try:
            current = httpx.URL(url)
        except (httpx.InvalidURL, TypeError, ValueError) as e:
            raise FetchError("invalid_url", f"{url!r}: {e}") from e
        for _hop in range(options.max_redirects + 1):
            await check_url(current, options.policy, resolver)
            received = await _request_with_retries(client, current, headers, options, clock, gate, result, deadline)
            location = next((v for k, v in received.headers if k.lower() == "location"), None)
            if received.status_code in REDIRECT_STATUSES and location:
                try:
                    target = current.join(location.strip())
                except (httpx.InvalidURL, ValueError) as e:
                    raise FetchError("invalid_url", f"bad Location {location!r}: {e}") from e
                result.redirects.append(
                    {
                        "url": str(current),
                        "status_code": received.status_code,
                        "location": str(target),
                        "reason": received.reason,
                        "http_version": received.http_version,
                        "headers": received.headers,
                        "request_headers": received.request_headers,
                    }
                )
                current = target.copy_with(fragment=None)
                continue
            result.final_url = str(current)
            result.status_code = received.status_code
            result.reason = received.reason
            result.http_version = received.http_version
            result.headers = received.headers
            result.request_headers = received.request_headers
            result.body = received.body
            if received.status_code >= 400 or (received.status_code >= 300 and received.status_code != 304):
                result.error = "http_status"
                result.error_detail = f"HTTP {received.status_code} {received.reason}".strip()
            elif received.status_code == 304 and not conditional:
                result.error = "http_status"
                result.error_detail = "304 without a conditional request"
            break
        else:
            raise FetchError("too_many_redirects", f"more than {options.max_redirects} redirects (last: {current})")
    except FetchError as e:
        result.error, result.error_detail = e.kind, str(e)
    except httpx.RemoteProtocolError as e:
        result.error, result.error_detail = "protocol", str(e) or type(e).__name__
    except httpx.HTTPError as e:
        result.error, result.error_detail = "http", f"{type(e).__name__}: {e}"
    except httpx.InvalidURL as e:  # e.g. a redirect to "mailto:..." that httpx cannot even parse
        result.error, result.error_detail = "invalid_url", f"{type(e).__name__}: {e}"
    except OSError as e:
        result.error, result.error_detail = "connect", f"{type(e).__name__}: {e}"
    except Exception as e:  # noqa: BLE001 - a hostile server must never end the run: record it
        log.exception("unexpected error fetching %s", url)
        result.error, result.error_detail = "internal", f"{type(e).__name__}: {e}"
    if result.error is not None and result.error != "http_status":
        result.body = None
    result.elapsed_ms = round((clock.monotonic() - started) * 1000)
    return result


def make_client(
    options: FetchOptions,
    resolver: Resolver = system_resolver,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient whose every connection goes through the address guard."""
    # idle connections are cheap; evicting them before reuse (many hosts) costs a connect per request
    pool_size = max(100, options.concurrency * 2)
    limits = httpx.Limits(max_connections=pool_size, max_keepalive_connections=pool_size)
    return httpx.AsyncClient(
        transport=transport or GuardedTransport(options.policy, resolver, limits=limits, verify=options.verify_tls),
        timeout=httpx.Timeout(options.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": options.user_agent},
    )


# --- every due source --------------------------------------------------------------------------


@dataclass
class Summary:
    """Counts of outcomes of one ``fetch_sources`` run."""

    outcomes: Counter[str] = field(default_factory=Counter)
    elapsed_s: float = 0.0
    interrupted: bool = False

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())

    def line(self) -> str:
        parts = ", ".join(f"{n} {k}" for k, n in sorted(self.outcomes.items(), key=lambda kv: (-kv[1], kv[0])))
        head = f"fetched {self.total} source{'s' if self.total != 1 else ''}"
        tail = " (interrupted)" if self.interrupted else ""
        return f"{head}: {parts or 'nothing to do'} in {self.elapsed_s:.1f} s{tail}"


@dataclass(frozen=True)
class DueSource:
    id: int
    url: str
    conditional: Conditional | None


# Healths whose source is fetched again by a plain `claimdesk fetch`.
RETRY_HEALTH = ("never_fetched", "error", "blocked")


def due_sources(
    db: sqlite_utils.Database,
    options: FetchOptions,
    *,
    source_ids: Sequence[int] | None = None,
    now: datetime | None = None,
) -> list[DueSource]:
    """Sources to fetch: the named ones, else those never fetched or whose last fetch failed (a
    refused address, a timeout, a first 404: a second 404 is what makes a source dead), plus
    (with stale_days) the stale ones. Sources that are ok, redirected or dead wait for --stale."""
    from claimdesk.errors import NotFound

    newest = """
        SELECT s.id, s.url, s.health,
            (SELECT max(fetched_at) FROM snapshots WHERE source_id = s.id) AS newest,
            (SELECT etag FROM snapshots WHERE source_id = s.id AND sha256 IS NOT NULL
                ORDER BY fetched_at DESC, id DESC LIMIT 1) AS etag,
            (SELECT last_modified FROM snapshots WHERE source_id = s.id AND sha256 IS NOT NULL
                ORDER BY fetched_at DESC, id DESC LIMIT 1) AS last_modified
        FROM sources s
    """
    rows = list(db.query(newest + " ORDER BY s.id"))
    if source_ids:
        wanted = set(source_ids)
        missing = wanted - {r["id"] for r in rows}
        if missing:
            raise NotFound(f"no source with id {', '.join(map(str, sorted(missing)))}")
        rows = [r for r in rows if r["id"] in wanted]
    elif options.stale_days is not None:
        cutoff = iso((now or datetime.now(UTC)) - timedelta(days=options.stale_days))
        rows = [r for r in rows if r["newest"] is None or r["newest"] < cutoff or r["health"] in RETRY_HEALTH]
    else:
        rows = [r for r in rows if r["newest"] is None or r["health"] in RETRY_HEALTH]
    due = []
    for r in rows:
        conditional = None
        if (r["etag"] or r["last_modified"]) and r["newest"] is not None:
            conditional = Conditional(etag=r["etag"], last_modified=r["last_modified"])
        due.append(DueSource(r["id"], r["url"], conditional))
    return due


async def fetch_sources(
    db: sqlite_utils.Database,
    options: FetchOptions | None = None,
    *,
    source_ids: Sequence[int] | None = None,
    client: httpx.AsyncClient | None = None,
    resolver: Resolver = system_resolver,
    clock: Clock | None = None,
    progress: Callable[[int, str], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Fetch every due source and store each snapshot as soon as it finishes.

    Each snapshot (with its blob and the source's new health) is committed on its own, so a
    cancellation (Ctrl-C) keeps every finished snapshot and writes nothing for the unfinished ones.
    Pass ``summary`` to keep the counts of an interrupted run. ``on_start`` gets the number of due
    sources, ``progress`` each source id and outcome as it is stored.
    """
    options = options or FetchOptions()
    clock = clock or SystemClock()
    started = clock.monotonic()
    due = due_sources(db, options, source_ids=source_ids, now=clock.now())
    if on_start:
        on_start(len(due))
    summary = summary if summary is not None else Summary()
    gate = HostGate(options.per_host, options.per_host_delay, clock)
    queue: asyncio.Queue[DueSource] = asyncio.Queue()
    for item in due:
        queue.put_nowait(item)

    pool = _extraction_pool(options, len(due))
    loop = asyncio.get_running_loop()

    async def extracted_off_loop(result: FetchResult) -> Extracted | None:
        if pool is None or result.body is None:
            return None
        try:
            return await loop.run_in_executor(
                pool,
                extract,
                result.body,
                result.header("content-type"),
                result.final_url,
                result.header("content-language"),
            )
        except BrokenProcessPool:
            return None  # store_result extracts in this process instead

    own_client = client is None
    clients: dict[str, httpx.AsyncClient] = {}

    def client_for(url: str) -> httpx.AsyncClient:
        # One client per starting host when we make our own: httpcore checks every pooled
        # connection on each request, so small per-host pools cost far less than one pool holding
        # every host's connections.
        if client is not None:
            return client
        host = urlsplit(url).hostname or ""
        if host not in clients:
            clients[host] = make_client(options, resolver)
        return clients[host]

    # Fetching does not wait for extraction: a fetched body is handed to a store task and the
    # worker takes the next URL. The semaphore bounds the bodies waiting in memory.
    waiting = asyncio.Semaphore(max(2, options.concurrency * 2))

    async def store(item: DueSource, result: FetchResult) -> None:
        try:
            extracted = await extracted_off_loop(result)
            try:
                outcome = store_result(db, item.id, result, extracted=extracted).outcome
            except Exception as e:  # noqa: BLE001 - one hostile body must not end the run
                log.exception("could not store the fetch of %s", item.url)
                failed = FetchResult(
                    requested_url=result.requested_url,
                    fetched_at=result.fetched_at,
                    final_url=result.final_url,
                    redirects=result.redirects,
                    status_code=result.status_code,
                    headers=result.headers,
                    error="internal",
                    error_detail=f"storing failed: {type(e).__name__}: {e}",
                )
                outcome = store_result(db, item.id, failed).outcome
            summary.outcomes[outcome] += 1
            if progress:
                progress(item.id, outcome)
        finally:
            waiting.release()

    async def worker(group: asyncio.TaskGroup) -> None:
        while True:
            try:
                item = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            result = await fetch_url(
                item.url,
                client=client_for(item.url),
                resolver=resolver,
                options=options,
                clock=clock,
                gate=gate,
                conditional=item.conditional,
            )
            await waiting.acquire()
            group.create_task(store(item, result))

    # In WAL mode synchronous=NORMAL keeps every commit atomic and the file consistent; a power
    # cut may lose the last few snapshots (a re-run fetches them again). It saves an fsync per source.
    previous_sync = db.execute("PRAGMA synchronous").fetchone()[0]
    wal = db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    if wal:
        db.execute("PRAGMA synchronous = NORMAL")
    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(max(1, min(options.concurrency, len(due)))):
                group.create_task(worker(group))
    except asyncio.CancelledError:
        summary.interrupted = True
        raise
    finally:
        summary.elapsed_s = clock.monotonic() - started
        if wal:
            db.execute(f"PRAGMA synchronous = {int(previous_sync)}")
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if own_client:
            for http in clients.values():
                await http.aclose()
    return summary


# Below this many sources, starting extraction processes costs more than it saves.
POOL_THRESHOLD = 24


def _ignore_sigint() -> None:
    # Ctrl-C reaches the whole process group: the parent cancels cleanly, workers just stop with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm_up() -> None:
    import claimdesk.archive  # noqa: F401  (the import is the work)


def _extraction_pool(options: FetchOptions, due: int) -> ProcessPoolExecutor | None:
    """Processes that extract text while the event loop keeps fetching (extraction is CPU-bound)."""
    workers = options.extract_workers
    if workers is None:
        workers = (os.cpu_count() or 1) if due >= POOL_THRESHOLD else 0
    if workers <= 0:
        return None
    context = multiprocessing.get_context("forkserver" if sys.platform != "win32" else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_ignore_sigint)
    # Start the workers now (and import the extractor in them), while the first fetches are in flight.
    for _ in range(workers):
        pool.submit(_warm_up)
    return pool


def run_fetch_sources(db: sqlite_utils.Database, options: FetchOptions | None = None, **kwargs: Any) -> Summary:
    """Synchronous wrapper of ``fetch_sources`` for the CLI."""
    return asyncio.run(fetch_sources(db, options, **kwargs))
