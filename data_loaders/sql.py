"""Databases via SQLAlchemy 2.1: read a table or query as a raw frame; write canonical tables portably.

List columns become child tables `<table>_<column>` (`listing_id`/`application_id`, `position`,
`value`) so any database can hold them; reading a canonical table reassembles the lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine, make_url

from data_loaders.columns import mapped_count
from data_loaders.errors import LoadError
from data_loaders.files import read_raw, stringify
from data_loaders.raw_table import RawTable, is_canonical
from data_loaders.schema import OPTIONAL_COLUMNS, SCHEMAS
from data_loaders.urls import is_url, mask_url, scrub

ID_COLUMNS: dict[str, str] = {"listings": "listing_id", "outcomes": "application_id"}
CHUNK_ROWS = 50_000  # rows per executemany batch: bounded memory, few round trips
_TYPE_MAP: dict[type, Any] = {
    pl.String: sa.String,
    pl.Float64: sa.Float,
    pl.Int64: sa.Integer,
    pl.Int32: sa.Integer,
    pl.Date: sa.Date,
    pl.Boolean: sa.Boolean,
}


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    """An engine whose setup and connection errors become LoadError with the password masked."""
    shown = mask_url(url)
    try:
        engine = sa.create_engine(url)
    except sa_exc.NoSuchModuleError as exc:
        raise LoadError(
            f"No database driver for this URL ({scrub(str(exc), url)})",
            shown,
            "use e.g. sqlite:///file.db or postgresql+psycopg://user@host/db",
        ) from None
    except ModuleNotFoundError as exc:
        raise LoadError(
            f"The database driver {exc.name!r} is not installed", shown, f"install {exc.name} or use another driver"
        ) from None
    except (sa_exc.ArgumentError, ValueError) as exc:
        raise LoadError(
            f"Not a valid database URL ({type(exc).__name__})",
            shown,
            "write it like dialect+driver://user:password@host:port/database",
        ) from None
    try:
        yield engine
    except sa_exc.OperationalError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        raise LoadError(
            f"Cannot reach the database: {scrub(reason, url)}",
            shown,
            "check that the server is running, the host, port, user and password",
        ) from None
    except sa_exc.SQLAlchemyError as exc:
        raise LoadError(
            f"The database refused the request ({type(exc).__name__})", shown, "check the table name or the query"
        ) from None
    finally:
        engine.dispose()


def require_table(conn: sa.Connection, table: str, url: str) -> list[str]:
    """The database's table names; a LoadError naming them when `table` is not one."""
    names = sa.inspect(conn).get_table_names()
    if table not in names:
        raise LoadError(
            f"No table named {table!r}",
            mask_url(url),
            f"use one of: {', '.join(sorted(names)) or '(the database has no tables)'}",
        )
    return names


def check_source(url: str, table: str | None, query: str | None, example_table: str) -> None:
    """Exactly one of a table and a query, and a SQLite URL naming an existing file; else a LoadError."""
    if (table is None) == (query is None):
        raise LoadError(
            "Give either a table or a query for a database source",
            mask_url(url),
            f"pass table='{example_table}' or query='SELECT ...'",
        )
    _require_sqlite_file(url)


def read_sql(url: str, *, table: str | None = None, query: str | None = None) -> pl.DataFrame:
    """Read a table (validated against the inspector) or a query into a frame; lists reassembled."""
    check_source(url, table, query, "listings")
    with _engine(url) as engine, engine.connect() as conn:
        if query is not None:
            # The query is the user's own SQL, run as written; we add no values into it.
            try:
                return _to_frame(conn.execute(sa.text(query)))
            except sa_exc.DBAPIError as exc:
                reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
                raise LoadError(
                    f"The database refused the query: {scrub(reason, url)}",
                    mask_url(url),
                    "check the query's SQL, table and column names",
                ) from None
        assert table is not None  # check_source: a table when there is no query
        names = require_table(conn, table, url)
        meta = sa.MetaData()
        main = sa.Table(table, meta, autoload_with=conn)
        frame = _to_frame(conn.execute(sa.select(main)))
        return _attach_lists(conn, meta, names, table, frame)


def _to_frame(result: sa.CursorResult[Any]) -> pl.DataFrame:
    """A result set as a frame with every value kept (types fixed later by stringify/normalisers)."""
    columns = list(result.keys())
    rows = result.fetchall()
    data = {c: [row[i] for row in rows] for i, c in enumerate(columns)}
    return pl.DataFrame(data, strict=False, infer_schema_length=None)


def _attach_lists(
    conn: sa.Connection, meta: sa.MetaData, names: list[str], table: str, frame: pl.DataFrame
) -> pl.DataFrame:
    """Rebuild list columns from child tables `<table>_<column>` written by import_to_url."""
    for child in names:
        if not child.startswith(f"{table}_"):
            continue
        column = child[len(table) + 1 :]
        child_table = sa.Table(child, meta, autoload_with=conn)
        child_cols = set(child_table.c.keys())
        # The id the child shares with the parent: application_id for outcomes, listing_id for listings.
        id_col = next((c for c in ("application_id", "listing_id") if c in child_cols and c in frame.columns), None)
        if id_col is None or {"position", "value"} - child_cols:
            continue
        stmt = sa.select(child_table.c[id_col], child_table.c.position, child_table.c.value).order_by(
            child_table.c[id_col], child_table.c.position
        )
        parts = _to_frame(conn.execute(stmt))
        if parts.height:
            lists = parts.group_by(id_col, maintain_order=True).agg(pl.col("value").cast(pl.String).alias(column))
            frame = frame.drop(column, strict=False).join(lists, on=id_col, how="left", maintain_order="left")
        else:
            frame = frame.drop(column, strict=False).with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias(column))
        frame = frame.with_columns(pl.col(column).fill_null([]))
    return frame


def _require_sqlite_file(url: str) -> None:
    """Reading must not create an empty SQLite file as a side effect of a typo in the path."""
    try:
        parsed = make_url(url)
    except Exception:
        return  # _engine reports the bad URL
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:") and not database.startswith("file:"):
        if not Path(database).is_file():
            raise LoadError(
                f"SQLite file not found: {Path(database).name}",
                mask_url(url),
                "check the path after sqlite:/// (four slashes for an absolute path)",
            )


def read_sql_raw(url: str, *, table: str | None = None, query: str | None = None) -> RawTable:
    """A database source as a RawTable (canonical tables keep their types)."""
    frame = read_sql(url, table=table, query=query)
    label = mask_url(url) + (f" table {table}" if table else "")
    if frame.height == 0:
        raise LoadError(
            "The table or query returned no rows", label, "check the table name or the query's WHERE clause"
        )
    kind = is_canonical(_recast(frame))
    if kind:
        return RawTable(_recast(frame), "sql", label, already_canonical=True)
    return RawTable(stringify(frame), "sql", label)


def _recast(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast columns named like a canonical schema to its dtypes, when every cast succeeds."""
    for kind, schema in SCHEMAS.items():
        if set(schema) - set(OPTIONAL_COLUMNS.get(kind, ())) <= set(frame.columns):
            try:
                return frame.with_columns(pl.col(c).cast(t) for c, t in schema.items() if c in frame.columns)
            except Exception:
                return frame
    return frame


def read_source(
    source: Any, *, name: str | None = None, table: str | None = None, query: str | None = None, kind: str | None = None
) -> RawTable:
    """Any source the loaders accept (path, bytes, upload, database URL) as a RawTable."""
    if is_url(source):
        return read_sql_raw(source, table=table, query=query)
    return read_raw(source, name=name, score=lambda cols: mapped_count(cols, kind))


def import_to_url(
    frame: pl.DataFrame, url: str, kind: str, *, table: str | None = None, if_exists: str = "replace"
) -> dict[str, int]:
    """Write a canonical frame to a database with portable types; lists go to child tables."""
    if kind not in SCHEMAS:
        raise LoadError(f"Unknown kind {kind!r}", "import_to_url", f"use one of {', '.join(SCHEMAS)}")
    if if_exists not in {"replace", "append", "fail"}:
        raise LoadError(f"if_exists={if_exists!r} is not supported", "import_to_url", "use replace, append or fail")
    table = table or kind
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", table):
        raise LoadError(f"{table!r} is not a safe table name", mask_url(url), "use letters, digits and underscores")
    schema = SCHEMAS[kind]
    frame = frame.select(list(schema))
    scalar_cols = [c for c, t in schema.items() if not isinstance(t, pl.List)]
    list_cols = [c for c, t in schema.items() if isinstance(t, pl.List)]
    id_col = ID_COLUMNS.get(kind)
    if list_cols and id_col is None:
        raise LoadError(f"Kind {kind!r} has list columns but no id column", "import_to_url", "report this as a bug")
    meta = sa.MetaData()
    main = sa.Table(table, meta, *[sa.Column(c, _TYPE_MAP[type(schema[c])]()) for c in scalar_cols])
    children = {
        c: sa.Table(
            f"{table}_{c}",
            meta,
            sa.Column(id_col, sa.String()),
            sa.Column("position", sa.Integer()),
            sa.Column("value", sa.String()),
        )
        for c in list_cols
    }
    counts: dict[str, int] = {}
    with _engine(url) as engine:
        with engine.begin() as conn:
            existing = set(sa.inspect(conn).get_table_names())
            targets = [main, *children.values()]
            clash = [t.name for t in targets if t.name in existing]
            if clash and if_exists == "fail":
                raise LoadError(
                    f"Table(s) {', '.join(clash)} already exist",
                    mask_url(url),
                    "choose another --table or use if_exists='replace'",
                )
            if if_exists == "replace":
                for t in reversed(targets):
                    if t.name in existing:
                        t.drop(conn)
            meta.create_all(conn)
            counts[table] = _insert(conn, main, frame.select(scalar_cols))
            for col, child in children.items():
                parts = (
                    frame.select(id_col, pl.col(col).fill_null([]))
                    .with_columns(pl.int_ranges(pl.col(col).list.len()).alias("position"))
                    .explode(col, "position")
                    .drop_nulls("position")
                    .select(id_col, pl.col("position").cast(pl.Int64), pl.col(col).alias("value"))
                )
                counts[child.name] = _insert(conn, child, parts)
    return counts


def _insert(conn: sa.Connection, table: sa.Table, frame: pl.DataFrame) -> int:
    """Insert a frame in chunks with bound parameters (executemany)."""
    for start in range(0, frame.height, CHUNK_ROWS):
        rows = frame.slice(start, CHUNK_ROWS).to_dicts()
        if rows:
            conn.execute(sa.insert(table), rows)
    return frame.height
