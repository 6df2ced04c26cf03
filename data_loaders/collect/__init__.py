"""Live market data: collect openings from community lists and public job boards, and keep their history.

`collect(load_config("sources.toml"), "DIR")` fetches every source, keeps internships, normalises
them through the ordinary listings loader and updates DIR (see store.py for the layout). The CLI is
`python -m data_loaders collect --config sources.toml --out DIR`; docs/collect.md explains it all.
"""

from __future__ import annotations

from data_loaders.collect.config import CollectConfig, Settings, Source, load_config, parse_config
from data_loaders.collect.run import RunReport, collect, last_run

__all__ = ["CollectConfig", "RunReport", "Settings", "Source", "collect", "last_run", "load_config", "parse_config"]
