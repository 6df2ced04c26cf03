"""Cold start in a real browser: a fresh server (as `make run` starts it) → the Overview's charts in Chromium (issue 9).

For each run: start the server on a free port with INSIGHTS_SAMPLE_DIR pointing at the generator's output, open
the app in headless Debian Chromium (launched beforehand: a user's browser is already open) and time, from the
moment the server process starts, until the four Overview charts have drawn their SVG, and until the offer-rate
tile shows a number (the outcomes read in the background), with the milestones on the way (server healthy, page
loaded, websocket open, first message, KPI row). Prints one JSON line per run and the medians; `kpis_in_page_s`,
`charts_in_page_s` and `offer_in_page_s` are the same moments stamped inside the page as they happen (Playwright's
waits poll: at load 6-11 they trailed the charts by 0.7 s, median of 30 runs, 0-2 s). `server_major_faults_at_offer`
counts the server's reads from disk (page faults the page cache could not serve): a run with thousands of them waited
for the disk, not for the app.

    .venv/bin/python -m benchmarks.bench_browser_cold_start --data bench_data/generated/1000000_10000000_7 --repeat 3

`--root` runs another checkout's app with this interpreter (a same-machine before/after comparison). Its modules are
compiled to bytecode first, as `make run` does (APP_SOURCES in the Makefile). Each run says
whether the listings' memory-mapped copy (data_loaders/listing_cache.py, written by an earlier start: the first run
of a series without one writes it) was there for the server to map ("present"; an older checkout ignores it) or
not ("absent"); `--no-copy` measures a server's first start ever (copies "off": none read or written).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from data_loaders import listing_cache

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
APP_SOURCES = ("streamlit_app.py", "analytics", "dashboard", "data_loaders")  # what `make run` compiles first
CHARTS_DRAWN = (
    "n => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
    ".filter(c => c.querySelector('.main-svg')).length >= n"
)
# The offer-rate tile holds a percentage (or "n/a" when suppressed): no longer "loading…".
OFFER_SHOWN = (
    "() => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m => m.innerText.includes('Offer rate')"
    " && !m.innerText.includes('loading') && /%|n\\/a/.test(m.innerText))"
)

# The same moments seen from inside the page (a MutationObserver, on the machine's clock): Playwright's
# `wait_for_selector` polls at intervals growing to 500 ms and the waits below run one after another, so the Python
# side's times can trail what the page shows by a few hundred milliseconds.
IN_PAGE_MARKS = """
window.__insightsMarks = {};
new MutationObserver(() => {
  const marks = window.__insightsMarks, now = Date.now() / 1000 - %r;
  const metrics = [...document.querySelectorAll('[data-testid="stMetric"]')];
  if (metrics.length && !('kpis' in marks)) marks.kpis = now;
  if (!('charts' in marks) && (%s)(4)) marks.charts = now;
  // textContent, not innerText: no layout forced while the page renders.
  if ('charts' in marks && !('offer' in marks) && metrics.some(m => m.textContent.includes('Offer rate')
      && !m.textContent.includes('loading') && /%%|n\\/a/.test(m.textContent))) marks.offer = now;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early ({process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise TimeoutError("streamlit did not become healthy")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _stat(pid: int) -> list[str]:
    """The fields of `/proc/<pid>/stat` after the command name (the process state first)."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far, all its threads."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _major_faults(pid: int) -> int:
    """Page faults of process `pid` so far that read from disk (Python, its libraries, the data not in the page cache).
    A run right after something else filled the page cache (a CI run's new virtualenv) waited for the disk: at
    18:45 on 2026-12-01 two such cold starts took 36 and 11 s, healthy only after 9.7 and 5.0 s. A run with many of
    these measured the disk, not the app."""
    return int(_stat(pid)[9])


def _watch(page: Any, started: float) -> dict[str, float]:
    """Browser milestones, seconds after `started`, filled in as they happen: the page's HTML and scripts loaded, the
    websocket opened, its first message from the server."""
    moments: dict[str, float] = {}

    def mark(name: str) -> None:
        moments.setdefault(name, round(time.perf_counter() - started, 2))

    def on_socket(socket: Any) -> None:
        mark("websocket_s")
        socket.on("framereceived", lambda _: mark("first_message_s"))

    page.on("domcontentloaded", lambda _: mark("page_loaded_s"))
    page.on("websocket", on_socket)
    return moments


def _measure(page: Any, url: str, process: subprocess.Popen[bytes], started: float) -> dict[str, Any]:
    """Open `url` and time the Overview: the KPI row, the four charts drawn, then the offer-rate tile filled."""
    sent: list[float] = []  # when the browser sent a message (a fragment's timer sends a rerun request)
    page.on("websocket", lambda socket: socket.on("framesent", lambda _: sent.append(time.perf_counter())))
    milestones = _watch(page, started)
    epoch_started = time.time() - (time.perf_counter() - started)
    page.add_init_script(IN_PAGE_MARKS % (epoch_started, CHARTS_DRAWN))
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"]')  # the KPI row: the server has sent the page's start
    kpis = time.perf_counter() - started
    page.wait_for_selector('[data-testid="stPlotlyChart"]', state="attached")
    first_chart = time.perf_counter() - started
    page.wait_for_function(CHARTS_DRAWN, arg=4)
    charts = time.perf_counter() - started
    charts_cpu = _cpu_s(process.pid)
    offer_loading = "loading" in page.locator('[data-testid="stMetric"]').last.inner_text()
    page.wait_for_function(OFFER_SHOWN)
    offer = time.perf_counter() - started
    offer_cpu = _cpu_s(process.pid)
    page.wait_for_timeout(3000)  # polling must have stopped: nothing sent after the first second of these three
    quiet_since = started + offer + 1
    in_page = page.evaluate("window.__insightsMarks || {}")
    return {
        **milestones,
        "kpis_s": round(kpis, 2),
        "first_chart_element_s": round(first_chart, 2),
        "charts_s": round(charts, 2),
        "offer_loading_when_charts_drawn": offer_loading,
        "offer_shown_s": round(offer, 2),
        **{f"{name}_in_page_s": round(float(moment), 2) for name, moment in in_page.items()},
        "server_cpu_s_at_charts": round(charts_cpu, 2),
        "server_cpu_s_at_offer": round(offer_cpu, 2),
        "server_rss_mb": round(_rss_mb(process.pid)),
        "server_major_faults_at_offer": _major_faults(process.pid),
        "messages_polling": sum(1 for moment in sent if moment < started + offer),
        "messages_after_offer": sum(1 for moment in sent if moment > quiet_since),
    }


def _copy_exists(listings: Path) -> bool:
    """Whether the listings' memory-mapped copy (data_loaders/listing_cache.py) is there for the server to map."""
    directory = listing_cache.cache_dir()
    return directory is not None and listings.is_file() and listing_cache.copy_path(listings, directory).is_file()


def one_run(
    browser: Any, root: Path, data: Path, timeout: float, *, plain: bool = False, copy: bool = True
) -> dict[str, Any]:
    """One fresh server → Overview charts; the server is stopped by its PID afterwards. The server starts as
    `make run` starts it (`python -m dashboard.serve`), or with `plain` as `streamlit run streamlit_app.py`. Without
    `copy` the listings' memory-mapped copy is neither read nor written (a server's first start ever)."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    entry = ["streamlit", "run", "streamlit_app.py"] if plain else ["dashboard.serve"]
    command = [sys.executable, "-m", *entry, "--server.headless", "true"]
    command += ["--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"]
    command += ["--server.fileWatcherType", "none"]
    env = {**os.environ, "INSIGHTS_SAMPLE_DIR": str(data)}
    if not copy:
        env[listing_cache.CACHE_ENV] = listing_cache.OFF
    mapped = copy and _copy_exists(data / "listings.parquet")
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    context = browser.new_context(viewport={"width": 1400, "height": 2200})
    try:
        _wait_healthy(url, process, timeout)
        healthy = time.perf_counter() - started
        page = context.new_page()
        page.set_default_timeout(timeout * 1000)
        copy_state = "present" if mapped else "absent" if copy else "off"
        return {"healthy_s": round(healthy, 2), **_measure(page, url, process, started), "listings_copy": copy_state}
    finally:
        context.close()
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main(argv: list[str] | None = None) -> None:
    """Run `--repeat` cold starts and print each run and the medians as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        type=Path,
        help="a folder with listings.parquet and outcomes.parquet (default: the generator's output)",
    )
    parser.add_argument("--listings", type=int, default=1_000_000, help="sizes of the generated data without --data")
    parser.add_argument("--applications", type=int, default=10_000_000)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose streamlit_app.py runs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--plain", action="store_true", help="start `streamlit run streamlit_app.py` instead of `make run`'s entry"
    )
    parser.add_argument(
        "--no-copy",
        action="store_true",
        help="start without the listings' memory-mapped copy (INSIGHTS_CACHE_DIR=off): a server's first start ever",
    )
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    if args.data is None:
        from benchmarks.bench_app import generated

        args.data, _ = generated(args.listings, args.applications, ROOT / "bench_data" / "generated")

    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-j", "0", *APP_SOURCES], cwd=args.root, capture_output=True
    )
    if compiled.returncode != 0:
        raise SystemExit(
            f"compiling {args.root}'s modules failed:\n{compiled.stdout.decode()}{compiled.stderr.decode()}"
        )
    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for _ in range(args.repeat):
                runs.append(
                    one_run(
                        browser,
                        args.root.resolve(),
                        args.data.resolve(),
                        args.timeout,
                        plain=args.plain,
                        copy=not args.no_copy,
                    )
                )
                print(json.dumps({**runs[-1], "load_average": os.getloadavg()[0]}), flush=True)
        finally:
            browser.close()
    keys: tuple[str, ...] = ("healthy_s", "page_loaded_s", "websocket_s", "first_message_s", "kpis_s", "charts_s")
    keys += ("offer_shown_s", "kpis_in_page_s", "charts_in_page_s", "offer_in_page_s", "server_major_faults_at_offer")
    medians = {key: statistics.median(run.get(key, float("nan")) for run in runs) for key in keys}
    summary = {"median": medians, "runs": len(runs), "root": str(args.root), "plain": args.plain}
    print(json.dumps({**summary, "listings_copy": sorted({run["listings_copy"] for run in runs})}))


if __name__ == "__main__":
    main()
