"""Measure anonymous pages of Parvis under load, against the real production server, today's
code and a reference revision side by side.

    .venv/bin/python bench/run.py                      # SQLite, 1,000 spaces x 5 pages, 10,000 users,
                                                       # 10,000 articles, 2,000 announcements
    .venv/bin/python bench/run.py --seconds 2 --pages home,news-list --reference none   # a quick look
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1:5432/parvis_bench \\
        --create-database                              # the same on PostgreSQL, in databases of its own

One command. For this working tree ("now") and for a reference revision (`--reference`,
checked out with `git worktree add --detach` into a temporary folder and run with the same
virtualenv), it prepares a fresh database with that revision's own migrations and
`bench/benchfill.py` (migrate, fill, ANALYZE on PostgreSQL as autovacuum would, collectstatic),
then measures every page:

- uncached: `parvis serve` started with PAGE_CACHE=off (the sections kept rendered by the
  fragment cache are still kept: what a page costs after most changes);
- cold: PAGE_CACHE=off and FRAGMENT_CACHE=off: every section rendered at every request, as
  right after a change to what all of them show (the worst case);
- cached: `parvis serve` as it starts by default (the page cache on, if the revision has one);
- 304: the same server, each request sending `If-None-Match` with the page's ETag;
- nginx, nginx 304: the same two through the shipped deploy/nginx/parvis.conf
  (bench/frontproxy.py runs it unprivileged from the run's folder).

Both revisions' servers run side by side, and each page is loaded in turn with
`bench/load.py` (separate processes, keep-alive connections), now then the reference, so
both share whatever else the machine does at that moment. Then it prints the resident
memory of each server worker, and a table of "now" against the reference. Nothing is asserted: a benchmark prints figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import Postgres, free_port, load_average, machine, say
from frontproxy import INSTALL_HINT, FrontProxy, find_nginx
from load import PageResult, drive

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SIZE_KEYS = ("spaces", "pages", "users", "subscriptions", "articles", "announcements", "tags")
#: The last commit before issue 9 (HTTP caching, the page cache, cheaper pages, search).
DEFAULT_REFERENCE = "e33e697"
MODES = ("uncached", "cold", "cached", "304", "nginx", "nginx-304")
#: The environment of the server of each mode that has one of its own.
UNCACHED_SERVERS = {
    "uncached": {"PAGE_CACHE": "off"},
    "cold": {"PAGE_CACHE": "off", "FRAGMENT_CACHE": "off"},
}
#: The header a page cache sets on what it served ("hit") or stored ("miss").
PAGE_CACHE_HEADER = "X-Parvis-Cache"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL; default: fresh SQLite files under bench/results/. The "
        "reference uses the same server, in a database named after this one + _ref.",
    )
    parser.add_argument(
        "--create-database",
        action="store_true",
        help="Create the PostgreSQL database of --database-url (dropping it first if it "
        "exists) and drop it at the end. The reference's database is always made so.",
    )
    parser.add_argument(
        "--reference",
        default=DEFAULT_REFERENCE,
        help=f"Git revision measured alongside this tree (default {DEFAULT_REFERENCE}, the "
        "commit before issue 9); `none` to measure this tree only.",
    )
    parser.add_argument("--spaces", type=int, default=1000)
    parser.add_argument("--pages-per-space", type=int, default=5)
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--announcements", type=int, default=2000)
    parser.add_argument("--tags", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=5.0, help="Load per page and mode.")
    parser.add_argument("--warmup", type=float, default=1.0, help="Warm-up per page, seconds.")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--client-threads", type=int, default=4, help="Per client process.")
    parser.add_argument("--server-workers", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=4)
    parser.add_argument("--pages", default="", help="Comma-separated page names to run.")
    parser.add_argument(
        "--modes", default=",".join(MODES), help=f"Comma-separated, among {', '.join(MODES)}."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the databases at the end.")
    return parser.parse_args()


# --- one revision of Parvis ------------------------------------------------------------------


@dataclass
class Revision:
    """A checkout of Parvis run with this virtualenv: its code, data folder and database."""

    label: str
    root: Path
    data_dir: Path
    database_url: str = ""
    commit: str = ""
    fill: dict = field(default_factory=dict)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            # The bench database is made for the bench: no real town, no outside services.
            if key
            not in {
                "DATABASE_URL",
                "TOWN_NAME",
                "REDIS_URL",
                "EMAIL_HOST",
                "PAGE_CACHE",
                "FRAGMENT_CACHE",
            }
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "parvis.settings",
                # This checkout's `parvis`, before the one installed (editable) in the venv.
                "PYTHONPATH": str(self.root),
                "PARVIS_DATA_DIR": str(self.data_dir),
                "DEBUG": "false",
                "LOG_LEVEL": "WARNING",
                **extra,
            }
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def python(self, *args: str, capture: bool = False) -> str:
        """Run `python *args` (a script, or `-m parvis …`) in this checkout; its output."""
        result = subprocess.run(
            [sys.executable, *args],
            cwd=self.root,
            env=self.env(),
            check=False,
            text=True,
            stdout=subprocess.PIPE if capture else None,
        )
        if result.returncode != 0:
            sys.exit(f"`python {' '.join(args)}` failed ({result.returncode}) for {self.label}.")
        return result.stdout or ""

    def prepare(self, args: argparse.Namespace) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        found = self.python("-c", "import parvis; print(parvis.__file__)", capture=True).strip()
        if not Path(found).is_relative_to(self.root):
            sys.exit(f"{self.label}: Python imports parvis from {found}, not from {self.root}.")
        say(f"{self.label}: preparing the database in {self.data_dir}")
        self.python("-m", "parvis", "migrate", "--no-input", "-v", "0")
        self.fill = json.loads(
            self.python(
                "bench/benchfill.py", "--json",
                "--spaces", str(args.spaces),
                "--pages-per-space", str(args.pages_per_space),
                "--users", str(args.users),
                "--articles", str(args.articles),
                "--announcements", str(args.announcements),
                "--tags", str(args.tags),
                capture=True,
            )
        )  # fmt: skip
        fill = self.fill
        say(
            f"{self.label}: filled in {fill['seconds']:.1f} s: {fill['spaces']} spaces, "
            f"{fill['pages']} pages, {fill['users']} accounts, {fill['subscriptions']} "
            f"subscriptions, {fill['articles']} articles, {fill['announcements']} "
            f"announcements, {fill['tags']} tags"
        )
        if self.database_url:
            Postgres(self.database_url).analyze()
        self.python("-m", "parvis", "collectstatic", "--no-input", "-v", "0")

    def pages(self, wanted: str) -> dict[str, str]:
        fill = self.fill
        pages = {
            "home": "/",
            "spaces": "/spaces/",
            "kind-list": f"/spaces/kind/{fill['sample_kind']}/?page=2",
            "space-detail": fill["sample_space_url"],
            "space-page": fill["sample_page_url"],
            "search": "/search/?q=lavoir+jardin",
            "news-list": "/news/",
            # Deep in the list: what an OFFSET costs when someone pages far back.
            "news-list-deep": "/news/?page=400",
            "news-detail": fill["sample_article_url"],
            "tag-page": fill["sample_tag_url"],
            "news-rss": "/news/feed/rss/",
            "tag-rss": f"/tags/{fill['sample_tag_slug']}/news/feed/rss/",
            "announcements": "/announcements/",
            "legal-notice": "/legal/notice/",
            "health": "/health/",
        }
        if not fill["sample_article_url"]:  # a fill without news (--articles 0)
            pages = {name: path for name, path in pages.items() if "news" not in name}
        if not fill["sample_tag_slug"]:
            pages = {name: path for name, path in pages.items() if not name.startswith("tag")}
        if wanted:
            names = wanted.split(",")
            pages = {name: path for name, path in pages.items() if name in names}
        return pages


class Server:
    """`python -m parvis serve` (granian) of a revision, on a free port."""

    def __init__(
        self, revision: Revision, args: argparse.Namespace, name: str = "default", **env: str
    ) -> None:
        self.port = free_port()
        self.log = (revision.data_dir / f"server-{name}.log").open("w")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "parvis", "serve",
                "--host", "127.0.0.1", "--port", str(self.port),
                "--workers", str(args.server_workers),
                "--threads", str(args.server_threads),
            ],
            cwd=revision.root,
            env=revision.env(SITE_URL=f"http://127.0.0.1:{self.port}", **env),
            stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.wait_until_up()

    def wait_until_up(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(
                    f"The server stopped at start-up ({self.process.returncode}); see its log."
                )
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/health/", timeout=2
                ) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        sys.exit("The server did not answer /health/ in time.")

    def workers_rss_mb(self) -> list[float]:
        """Resident memory (VmRSS) of each process under the server's main one, in MB."""
        return [rss for pid in descendants(self.process.pid) if (rss := rss_mb(pid)) is not None]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (granian's workers), from each thread's list of children."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                pids = [int(child) for child in children.read_text().split()]
            except OSError:
                continue  # ended meanwhile
            found += pids
            todo += pids
    return sorted(found)


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


# --- measuring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    status: int
    headers: dict[str, str]


def probe(port: int, path: str) -> Probe:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Accept-Language": "fr"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            answer.read()
            return Probe(answer.status, {k.lower(): v for k, v in answer.headers.items()})
    except urllib.error.HTTPError as error:
        return Probe(error.code, {k.lower(): v for k, v in error.headers.items()})


HEADER = (
    f"{'page':<15} {'revision':<10} {'mode':<10} {'requests':>9} {'errors':>7} {'req/s':>8} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  note"
)


def figures(result: PageResult) -> dict:
    return {
        "requests": result.requests,
        "errors": result.errors,
        "per_second": round(result.per_second, 1),
        "p50_ms": round(result.percentile(0.50), 2),
        "p95_ms": round(result.percentile(0.95), 2),
        "p99_ms": round(result.percentile(0.99), 2),
    }


def line(page: str, revision: str, mode: str, numbers: dict) -> str:
    if "skipped" in numbers:
        return f"{page:<15} {revision:<10} {mode:<10} {'—':>9}  {numbers['skipped']}"
    return (
        f"{page:<15} {revision:<10} {mode:<10} {numbers['requests']:>9} {numbers['errors']:>7} "
        f"{numbers['per_second']:>8.1f} {numbers['p50_ms']:>8.1f} {numbers['p95_ms']:>8.1f} "
        f"{numbers['p99_ms']:>8.1f}  {numbers.get('note', '')}"
    ).rstrip()


@dataclass(frozen=True)
class Target:
    """One page as it is loaded in one mode: its path, headers, expected status, note."""

    path: str
    headers: dict[str, str]
    expect: int
    note: str


class Measure:
    """The figures of one revision, page by page and mode by mode."""

    def __init__(self, revision: Revision, args: argparse.Namespace) -> None:
        self.revision = revision
        self.args = args
        self.pages = revision.pages(args.pages)
        self.results: dict[str, dict[str, dict]] = {name: {} for name in self.pages}
        self.rss_mb: dict[str, list[float]] = {}

    def targets(self, port: int, mode: str, *, conditional: bool = False) -> dict[str, Target]:
        """Every page checked (200) and warmed up on `port`, ready to load in `mode`; pages
        that cannot be (a conditional request without an ETag) are recorded as skipped."""
        targets = {}
        for name, path in self.pages.items():
            first = probe(port, path)
            if first.status != 200:
                sys.exit(f"{self.revision.label}: {name} ({path}) answers {first.status}, not 200.")
            headers = {}
            if conditional:
                etag = first.headers.get("etag")
                if not etag:
                    self.results[name][mode] = {"skipped": "no ETag: no conditional request"}
                    continue
                headers = {"If-None-Match": etag}
            target = Target(path, headers, 304 if conditional else 200, "")
            if self.args.warmup > 0:
                self.drive(name, port, target, self.args.warmup, processes=1, threads=2)
            # Once warm: what a page cache and nginx do with this page.
            seen = probe(port, path).headers
            notes = [
                f"{label} {seen[header]}"
                for label, header in (("page cache", PAGE_CACHE_HEADER.lower()),
                                      ("nginx", "x-cache-status"))
                if header in seen
            ]  # fmt: skip
            targets[name] = Target(path, headers, target.expect, ", ".join(notes))
        return targets

    def drive(
        self, name: str, port: int, target: Target, seconds: float, *, processes: int, threads: int
    ) -> PageResult:
        return drive(
            name=name, host="127.0.0.1", port=port, path=target.path, seconds=seconds,
            processes=processes, threads=threads, headers=target.headers, expect=target.expect,
        )  # fmt: skip

    def load(self, port: int, mode: str, name: str, target: Target) -> None:
        result = self.drive(
            name, port, target, self.args.seconds,
            processes=self.args.client_processes, threads=self.args.client_threads,
        )  # fmt: skip
        numbers = {"path": target.path, **figures(result)}
        if target.note:
            numbers["note"] = target.note
        self.results[name][mode] = numbers
        print(line(name, self.revision.label, mode, numbers), flush=True)

    def skipped(self, mode: str) -> None:
        for name, modes in self.results.items():
            if "skipped" in modes.get(mode, {}):
                print(line(name, self.revision.label, mode, modes[mode]), flush=True)

    def copy(self, source: str, mode: str, reason: str) -> None:
        for name, modes in self.results.items():
            if "per_second" in modes.get(source, {}):
                modes[mode] = {**modes[source], "note": reason}
                print(line(name, self.revision.label, mode, modes[mode]), flush=True)

    def summary(self) -> dict:
        return {"commit": self.revision.commit, "pages": self.results, "rss_mb": self.rss_mb}


def has_page_cache(port: int, path: str) -> bool:
    """Whether the server answers with a page cache's header (after asking twice)."""
    probe(port, path)
    return PAGE_CACHE_HEADER.lower() in probe(port, path).headers


def interleaved(measures: list[Measure], ports: dict[str, int], mode: str, **how: bool) -> None:
    """Load `mode` for every page, each revision in turn page by page: both revisions
    share whatever else the machine is doing at that moment."""
    targets = {m.revision.label: m.targets(ports[m.revision.label], mode, **how) for m in measures}
    for name in measures[0].pages:
        for measure in measures:
            label = measure.revision.label
            if name in targets[label]:
                measure.load(ports[label], mode, name, targets[label][name])
    for measure in measures:
        measure.skipped(mode)


def measure_all(revisions: list[Revision], args: argparse.Namespace, modes: list[str]) -> dict:
    measures = [Measure(revision, args) for revision in revisions]
    say(
        f"granian (parvis serve), {args.server_workers} worker(s) × {args.server_threads} "
        f"threads. Client: {args.client_processes} processes × {args.client_threads} "
        f"keep-alive connections, {args.seconds:g} s per page and mode. "
        + ", ".join(f"{r.label}: {r.commit}" for r in revisions)
        + f". Load average before: {load_average()}."
    )
    print(HEADER, flush=True)
    for mode, env in UNCACHED_SERVERS.items():
        if mode not in modes:
            continue
        servers = {r.label: Server(r, args, mode, **env) for r in revisions}
        try:
            interleaved(measures, {k: s.port for k, s in servers.items()}, mode)
            for measure in measures:
                measure.rss_mb[mode] = servers[measure.revision.label].workers_rss_mb()
        finally:
            for server in servers.values():
                server.stop()
    if set(modes) & {"cached", "304", "nginx", "nginx-304"}:
        servers = {r.label: Server(r, args) for r in revisions}
        ports = {label: server.port for label, server in servers.items()}
        try:
            if "cached" in modes:
                measure_cached(measures, ports, "uncached" in modes)
            if "304" in modes:
                interleaved(measures, ports, "304", conditional=True)
            if {"nginx", "nginx-304"} & set(modes):
                measure_through_nginx(measures, ports, modes)
            for measure in measures:
                measure.rss_mb["default"] = servers[measure.revision.label].workers_rss_mb()
        finally:
            for server in servers.values():
                server.stop()
    for measure in measures:
        for name, values in measure.rss_mb.items():
            say(
                f"{measure.revision.label}: resident memory of the server's processes ({name} "
                "server), MB: " + ", ".join(f"{value:.1f}" for value in values)
            )
    return {measure.revision.label: measure.summary() for measure in measures}


def measure_cached(measures: list[Measure], ports: dict[str, int], measured_uncached: bool) -> None:
    with_cache = []
    for measure in measures:
        first = next(iter(measure.pages.values()), "/")
        if has_page_cache(ports[measure.revision.label], first) or not measured_uncached:
            with_cache.append(measure)
        else:
            # The same code with the same settings: the uncached figures stand for it.
            measure.copy("uncached", "cached", "no page cache: the uncached figures")
    if with_cache:
        interleaved(with_cache, ports, "cached")


def measure_through_nginx(measures: list[Measure], ports: dict[str, int], modes: list[str]) -> None:
    if find_nginx() is None:
        sys.path.insert(0, str(ROOT))
        import dev  # its apt_install: root or password-less sudo, like the test tools

        dev.apt_install("nginx-light", "for the front-proxy figures")
    if find_nginx() is None:
        say(f"{INSTALL_HINT} The nginx rows are left out.")
        return
    proxies = {
        m.revision.label: FrontProxy(
            upstream_port=ports[m.revision.label], folder=m.revision.data_dir / "nginx"
        )
        for m in measures
    }
    started = []
    try:
        for proxy in proxies.values():
            started.append(proxy.__enter__())
        proxy_ports = {label: proxy.port for label, proxy in proxies.items()}
        if "nginx" in modes:
            interleaved(measures, proxy_ports, "nginx")
        if "nginx-304" in modes:
            interleaved(measures, proxy_ports, "nginx-304", conditional=True)
    finally:
        for proxy in started:
            proxy.__exit__(None, None, None)


# --- the run -------------------------------------------------------------------------------


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"`git {' '.join(args)}` failed: {done.stderr.strip()}")
    return done.stdout.strip()


def reference_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_ref"))


def comparison(now: dict, reference: dict, modes: list[str]) -> None:
    """One line per page: req/s and p95 of each mode, now and the reference, and the ratio."""
    say(f"now ({now['commit']}) against the reference ({reference['commit']}): req/s (p95 ms)")
    print(f"{'page':<15} " + " ".join(f"{mode:>30}" for mode in modes))
    for page, now_modes in now["pages"].items():
        cells = []
        for mode in modes:
            new, old = now_modes.get(mode, {}), reference["pages"].get(page, {}).get(mode, {})
            if "per_second" not in new:
                cells.append(f"{'—':>30}")
                continue
            text = f"{new['per_second']:.0f} ({new['p95_ms']:.0f})"
            if "per_second" in old:
                ratio = new["per_second"] / old["per_second"] if old["per_second"] else 0
                text += f" vs {old['per_second']:.0f} ({old['p95_ms']:.0f}) {ratio:.1f}×"
            cells.append(f"{text:>30}")
        print(f"{page:<15} " + " ".join(cells), flush=True)


def main() -> None:
    args = parse_args()
    modes = [mode for mode in args.modes.split(",") if mode]
    unknown = set(modes) - set(MODES)
    if unknown:
        sys.exit(f"Unknown modes: {', '.join(sorted(unknown))} (known: {', '.join(MODES)}).")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    run_dir = RESULTS / stamp
    run_dir.mkdir(parents=True)
    database = "PostgreSQL" if args.database_url else "SQLite"

    revisions = [
        Revision(
            "now", ROOT, run_dir / "now", args.database_url,
            commit=git("rev-parse", "--short", "HEAD")
            + (" + changes" if git("status", "--porcelain", "--untracked-files=no") else ""),
        )
    ]  # fmt: skip
    postgres: list[Postgres] = []
    worktree = None
    try:
        if args.database_url and args.create_database:
            postgres.append(Postgres(args.database_url))
        if args.reference != "none":
            commit = git("rev-parse", "--short", f"{args.reference}^{{commit}}")
            worktree = Path(tempfile.mkdtemp(prefix="parvis-bench-reference-")) / "parvis"
            say(f"Checking out the reference {args.reference} ({commit}) into {worktree}")
            git("worktree", "add", "--detach", str(worktree), commit)
            url = reference_url(args.database_url) if args.database_url else ""
            if url:
                postgres.append(Postgres(url))
            revisions.append(Revision("reference", worktree, run_dir / "reference", url, commit))
        for made in postgres:
            say(f"Creating PostgreSQL database {made.name}")
            made.create()

        say(f"{database}; machine: {machine()}, Python {platform.python_version()}.")
        for revision in revisions:
            revision.prepare(args)
        measured = measure_all(revisions, args, modes)
        if "reference" in measured:
            comparison(measured["now"], measured["reference"], modes)
        say(f"Load average after: {load_average()}.")
        summary = {
            "database": database,
            "size": {key: revisions[0].fill.get(key) for key in SIZE_KEYS},
            "server": {"workers": args.server_workers, "threads": args.server_threads},
            "client": {"processes": args.client_processes, "threads": args.client_threads},
            "seconds_per_page": args.seconds,
            "machine": machine(),
            "load_average_after": load_average(),
            "revisions": measured,
        }
        (run_dir / "results.json").write_text(json.dumps(summary, indent=2))
        say(f"Figures saved in {(run_dir / 'results.json').relative_to(ROOT)}")
    finally:
        if not args.keep:
            for made in postgres:
                say(f"Dropping PostgreSQL database {made.name}")
                made.drop()
            for revision in revisions:
                clean(revision.data_dir)
        if worktree is not None:
            git("worktree", "remove", "--force", str(worktree))
            shutil.rmtree(worktree.parent, ignore_errors=True)


def clean(data_dir: Path) -> None:
    """Keep only the figures and the servers' logs; the rest is made again by any run."""
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"parvis.sqlite3{suffix}").unlink(missing_ok=True)
    (data_dir / "secret_key").unlink(missing_ok=True)
    for directory in ("static", "media", "private", "nginx"):
        shutil.rmtree(data_dir / directory, ignore_errors=True)


if __name__ == "__main__":
    main()
