"""Benchmark: archiving 400 sources end to end against a sequential httpx loop, and a gzip bomb.

    .venv/bin/python bench/fetch.py [--pages 400] [--delay 0.05]

A local server (its own process) serves the pages on 20 loopback addresses (127.0.0.2 to
127.0.0.21; Linux routes all of 127/8 to lo), answering each request after ``--delay`` seconds.
Each measured part runs in its own process so its peak RSS is its own:

- loop:      a plain sequential ``httpx.Client`` loop fetching the same URLs (the baseline);
- claimdesk: ``fetch_sources`` into a fresh SQLite file: fetch, store blobs and snapshots, extract
             text and metadata, with the guard allowing only 127.0.0.0/8;
- bomb:      ``fetch_url`` of a 768 MiB gzip bomb (under 1 MB on the wire) with the default cap.

Prints pages/s for both, the speed ratio (target >= 5x), and peak RSS (target < 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

HOSTS = [f"127.0.0.{i}" for i in range(2, 22)]
BOMB_MIB = 768
WORDS = (
    "council budget minister report percent increase election survey health school data "
    "million year government according statement published figures growth rate public study "
    "official announced record average higher lower since between policy tax city region"
).split()


def page(i: int) -> bytes:
    rng = random.Random(i)
    paragraphs = []
    for _ in range(12):
        words = [rng.choice(WORDS) for _ in range(rng.randint(25, 45))]
        words.insert(3, f"{rng.randint(2, 98)}.{rng.randint(0, 9)} per cent")
        words.insert(10, f"{rng.randint(1, 28)} March {rng.randint(2015, 2024)}")
        paragraphs.append("<p>" + " ".join(words).capitalize() + ".</p>")
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report {i}</title>'
        f'<link rel="canonical" href="https://example.org/reports/{i}">'
        f'<meta property="article:published_time" content="2023-0{1 + i % 9}-1{i % 10}"></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>'
        f"<article><h1>Report number {i}</h1>{''.join(paragraphs)}</article>"
        "<footer>Copyright Example News. All rights reserved.</footer></body></html>"
    ).encode()


# --- the server ----------------------------------------------------------------------------------


def gzip_bomb(mib: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    return b"".join([compressor.compress(block) for _ in range(mib)] + [compressor.flush()])


async def serve(pages: int, delay: float) -> None:
    bodies = {f"/p/{i}": page(i) for i in range(pages)}
    bomb = gzip_bomb(BOMB_MIB)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                await asyncio.sleep(delay)
                extra = b""
                if path == "/bomb":
                    body, extra = bomb, b"Content-Encoding: gzip\r\n"
                else:
                    body = bodies.get(path, b"not found")
                status = b"200 OK" if path in bodies or path == "/bomb" else b"404 Not Found"
                writer.write(
                    b"HTTP/1.1 "
                    + status
                    + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
                    + extra
                    + b"Content-Length: %d\r\n\r\n" % len(body)
                )
                writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    servers = [await asyncio.start_server(handle, host, 0, backlog=512) for host in HOSTS]
    ports = [s.sockets[0].getsockname()[1] for s in servers]
    print(json.dumps(ports), flush=True)
    await asyncio.Event().wait()


def urls(ports: list[int], pages: int) -> list[str]:
    return [f"http://{HOSTS[i % len(HOSTS)]}:{ports[i % len(HOSTS)]}/p/{i}" for i in range(pages)]


# --- the parts -------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeRSS:
    """Samples the summed RSS of this process and all its descendants (extraction workers live under
    the forkserver, so getrusage(RUSAGE_CHILDREN) does not see them)."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _tree_rss_mb() -> float:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/status") as fh:
                    fields = dict(line.split(":", 1) for line in fh if ":" in line)
            except OSError:
                continue
            parents[int(entry)] = int(fields["PPid"])
            rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
        me = os.getpid()
        total = 0
        for pid in rss:
            p = pid
            while p and p != me:
                p = parents.get(p, 0)
            if p == me:
                total += rss[pid]
        return total / 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self._tree_rss_mb())
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def part_loop(targets: list[str]) -> dict:
    import httpx

    started = time.perf_counter()
    ok = 0
    with httpx.Client(timeout=30) as client:
        for url in targets:
            ok += client.get(url).status_code == 200
    elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "ok": ok, "peak_mb": peak_rss_mb()}


def part_claimdesk(targets: list[str]) -> dict:
    from claimdesk.db import open_db
    from claimdesk.fetch import FetchOptions, run_fetch_sources
    from claimdesk.netguard import AddressPolicy

    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        with db.conn:
            db["sources"].insert_all({"url": u, "domain": u.split("/")[2]} for u in targets)
        options = FetchOptions(policy=AddressPolicy.allowing(["127.0.0.0/8"]), timeout=30)
        with TreeRSS() as tree:
            started = time.perf_counter()
            summary = run_fetch_sources(db, options)
            elapsed = time.perf_counter() - started
        with_text = db.execute("SELECT count(*) FROM snapshots WHERE length(text) > 500").fetchone()[0]
        blobs = db["blobs"].count
        db.close()
    return {
        "elapsed": elapsed,
        "ok": summary.outcomes.get("ok", 0),
        "outcomes": dict(summary.outcomes),
        "with_text": with_text,
        "blobs": blobs,
        "peak_mb": peak_rss_mb(),
        "tree_peak_mb": tree.peak_mb,
        "workers": os.cpu_count() or 1,
    }


def part_bomb(url: str) -> dict:
    from claimdesk.fetch import FetchOptions, fetch_url, make_client
    from claimdesk.netguard import AddressPolicy

    async def go():
        options = FetchOptions(policy=AddressPolicy.allowing(["127.0.0.0/8"]), timeout=60)
        async with make_client(options) as client:
            return await fetch_url(url, client=client, options=options)

    before = peak_rss_mb()
    started = time.perf_counter()
    result = asyncio.run(go())
    return {
        "elapsed": time.perf_counter() - started,
        "error": result.error,
        "detail": result.error_detail,
        "peak_before_mb": before,
        "peak_mb": peak_rss_mb(),
    }


def run_part(name: str, payload: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--part", name, "--payload", json.dumps(payload)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--part", help=argparse.SUPPRESS)
    parser.add_argument("--payload", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve:
        asyncio.run(serve(args.pages, args.delay))
        return
    if args.part:
        payload = json.loads(args.payload)
        if args.part == "loop":
            print(json.dumps(part_loop(payload["urls"])))
        elif args.part == "claimdesk":
            print(json.dumps(part_claimdesk(payload["urls"])))
        else:
            print(json.dumps(part_bomb(payload["url"])))
        return

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--pages", str(args.pages), "--delay", str(args.delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ports = json.loads(server.stdout.readline())
        targets = urls(ports, args.pages)
        loop = run_part("loop", {"urls": targets})
        ours = run_part("claimdesk", {"urls": targets})
        bomb = run_part("bomb", {"url": f"http://{HOSTS[0]}:{ports[0]}/bomb"})
    finally:
        server.terminate()
        server.wait(timeout=10)

    n = args.pages
    loop_rate, our_rate = n / loop["elapsed"], n / ours["elapsed"]
    print(f"{n} pages on {len(HOSTS)} loopback hosts, {args.delay * 1000:.0f} ms server delay per request")
    print(
        f"  sequential httpx loop (baseline): {loop['elapsed']:6.2f} s  {loop_rate:7.1f} pages/s  "
        f"peak RSS {loop['peak_mb']:.0f} MB  ({loop['ok']} ok)"
    )
    print(
        f"  claimdesk fetch+store+extract:    {ours['elapsed']:6.2f} s  {our_rate:7.1f} pages/s  "
        f"peak RSS {ours['peak_mb']:.0f} MB  ({ours['outcomes']}, {ours['with_text']} with text, "
        f"{ours['blobs']} blobs)"
    )
    print(
        f"    with its {ours['workers']} extraction processes (and their forkserver): "
        f"peak {ours['tree_peak_mb']:.0f} MB summed (target < 300 MB)"
    )
    print(f"  ratio: {our_rate / loop_rate:.1f}x (target >= 5x)")
    print(
        f"  gzip bomb ({BOMB_MIB} MiB inflated): {bomb['error']} in {bomb['elapsed']:.2f} s, "
        f"peak RSS {bomb['peak_mb']:.0f} MB (target < 300 MB; {bomb['peak_before_mb']:.0f} MB before the fetch)"
    )


if __name__ == "__main__":
    main()
