"""sources.toml: which lists and job boards to collect, and how politely (read with tomllib)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from data_loaders.errors import LoadError

KINDS: tuple[str, ...] = ("list", "greenhouse", "lever", "ashby")
PUBLIC_HOSTS: dict[str, str] = {
    "greenhouse": "https://boards-api.greenhouse.io",
    "lever": "https://api.lever.co",
    "lever_eu": "https://api.eu.lever.co",
    "ashby": "https://api.ashbyhq.com",
}
PROJECT_URL = "https://github.com/internship-insights/internship-insights"
USER_AGENT = f"InternshipInsightsCollector/1.0 (+{PROJECT_URL}; self-hosted job-market collector)"
_BOARD = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,120}$")
_KEY_UNSAFE = re.compile(r"[^A-Za-z0-9._\-]+")


@dataclass(frozen=True)
class Settings:
    """How the collector talks to servers ([collect] in sources.toml)."""

    user_agent: str = USER_AGENT
    timeout_seconds: float = 30.0
    concurrency: int = 4
    per_host_per_second: float = 1.0  # request starts per host per second
    retries: int = 3  # further attempts after the first, on 429, 5xx, timeouts and dropped connections
    backoff_seconds: float = 1.0  # first back-off; doubles each retry
    max_wait_seconds: float = 120.0  # the longest Retry-After honoured (longer: the source fails this run)
    max_body_mb: int = 64
    internships_only: bool = True


@dataclass(frozen=True)
class Source:
    """One configured source: a community list's JSON URL or a job board."""

    kind: str
    url: str | None = None
    board: str | None = None
    api_base: str | None = None
    name: str | None = None  # a list's short name; a board's company name when the API does not give one
    region: str | None = None  # "eu" for Lever's EU host

    @property
    def key(self) -> str:
        """A stable id for this source: 'greenhouse:stripe', 'list:simplify-summer-2026'."""
        if self.kind == "list":
            token = self.name or hashlib.sha1((self.url or "").encode("utf-8")).hexdigest()[:10]
            return f"list:{_KEY_UNSAFE.sub('-', token.strip().lower()).strip('-') or 'list'}"
        return f"{self.kind}:{self.board}"

    def endpoint(self) -> str:
        """The URL fetched for this source."""
        if self.kind == "list":
            return str(self.url)
        host = "lever_eu" if self.kind == "lever" and self.region == "eu" else self.kind
        base = (self.api_base or PUBLIC_HOSTS[host]).rstrip("/")
        paths = {
            "greenhouse": f"/v1/boards/{self.board}/jobs?content=true",
            "lever": f"/v0/postings/{self.board}?mode=json",
            "ashby": f"/posting-api/job-board/{self.board}?includeCompensation=true",
        }
        return base + paths[self.kind]


@dataclass(frozen=True)
class CollectConfig:
    """The whole configuration: settings plus sources, in file order."""

    sources: tuple[Source, ...]
    settings: Settings = field(default_factory=Settings)
    path: Path | None = None


def _source(entry: Any, index: int, label: str) -> Source:
    """One [[sources]] table, checked; LoadError names the entry and what to fix."""
    where = f"{label}, [[sources]] entry {index + 1}"
    if not isinstance(entry, dict):
        raise LoadError(
            "A [[sources]] entry is not a table", where, 'write e.g. kind = "greenhouse" and board = "stripe"'
        )
    kind = str(entry.get("kind", "")).strip().lower()
    if kind not in KINDS:
        raise LoadError(f"Unknown source kind {entry.get('kind')!r}", where, f"use one of {', '.join(KINDS)}")
    text = {k: (str(v).strip() if v is not None else None) for k, v in entry.items() if k != "kind"}
    unknown = sorted(set(text) - {"url", "board", "api_base", "name", "region", "company"})
    if unknown:
        raise LoadError(f"Unknown key(s) {', '.join(unknown)}", where, "allowed: url, board, api_base, name, region")
    name = text.get("name") or text.get("company")
    if kind == "list":
        url = text.get("url")
        if not url or not re.match(r"^https?://", url, re.I):
            raise LoadError("A list source needs an http(s) url", where, 'add url = "https://…/listings.json"')
        return Source("list", url=url, name=name)
    board = text.get("board")
    if not board or not _BOARD.match(board):
        raise LoadError(f"A {kind} source needs a board token (letters, digits, . _ -)", where, 'add board = "<token>"')
    api_base = text.get("api_base")
    if api_base and not re.match(r"^https?://", api_base, re.I):
        raise LoadError("api_base must be an http(s) URL", where, 'e.g. api_base = "https://api.eu.lever.co"')
    region = (text.get("region") or "").lower() or None
    return Source(kind, board=board, api_base=api_base, name=name, region=region)


def _settings(table: Any, label: str) -> Settings:
    """The [collect] table as Settings (missing keys keep their defaults)."""
    if table is None:
        return Settings()
    if not isinstance(table, dict):
        raise LoadError("[collect] is not a table", label, "write [collect] followed by key = value lines")
    defaults = Settings()
    values: dict[str, Any] = {}
    for key, value in table.items():
        if not hasattr(defaults, key):
            raise LoadError(
                f"Unknown [collect] setting {key!r}", label, f"allowed: {', '.join(defaults.__dataclass_fields__)}"
            )
        wanted = type(getattr(defaults, key))
        try:
            values[key] = value if wanted is bool and isinstance(value, bool) else wanted(value)
        except (TypeError, ValueError):
            raise LoadError(f"[collect] {key} must be a {wanted.__name__}", label, f"got {value!r}") from None
        if wanted in (int, float) and values[key] < 0:
            raise LoadError(f"[collect] {key} must not be negative", label, f"got {value!r}")
    settings = replace(defaults, **values)
    return replace(settings, concurrency=max(1, settings.concurrency))


def parse_config(text: str, label: str = "sources.toml") -> CollectConfig:
    """Parse sources.toml text into a CollectConfig; LoadError on anything wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LoadError(f"{label} is not valid TOML ({exc})", label, "fix the line named in the message") from None
    entries = data.get("sources", [])
    if not isinstance(entries, list):
        raise LoadError("`sources` must be an array of tables", label, "write each source as [[sources]]")
    sources = tuple(_source(entry, i, label) for i, entry in enumerate(entries))
    keys = [s.key for s in sources]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise LoadError(
            f"Source(s) listed twice: {', '.join(repeated)}", label, "remove the repeated [[sources]] entries"
        )
    return CollectConfig(sources, _settings(data.get("collect"), label))


def load_config(path: str | Path) -> CollectConfig:
    """Read and parse a sources.toml file."""
    path = Path(path)
    if not path.is_file():
        raise LoadError(f"Config file not found: {path}", str(path), "create it (see docs/collect.md) or pass --config")
    config = parse_config(path.read_text(encoding="utf-8"), str(path))
    return replace(config, path=path)


def default_config_path(root: Path) -> Path:
    """sources.toml at the project root, else config/sources.toml."""
    first = root / "sources.toml"
    return first if first.is_file() else root / "config" / "sources.toml"
