"""Parsing caps: the bounds every reader enforces on untrusted input, in one place.

Each cap is reported as a `RowIssue` when a source hits it (the data is truncated, never silently
dropped), or as a `LoadError` when no bounded read makes sense (a zip bomb, a 17-billion-cell sheet).
They keep parsing linear and memory bounded even without the worker process around the loaders.
"""

from __future__ import annotations

# --- text tables (CSV, TSV, JSON) -------------------------------------------------------------
MAX_LINE_CHARS = 1_048_576  # a physical line longer than this is cut (1 MiB of text)
MAX_CELL_CHARS = 4_000  # a longer value is cut (65 cities in one listing take ~1,500 characters)
# Columns whose header is a description alias (data_loaders.columns, role "description") keep more: job
# descriptions run 2,000-10,000 characters and end with what matters (nice-to-haves, pay, sponsorship).
MAX_DESCRIPTION_CHARS = 20_000
MAX_COLUMNS = 4_096  # further columns are ignored (wide exports reach ~2,500)
MAX_ROWS = 20_000_000  # further rows are ignored (the benchmark loads 1,000,000 listings)
MAX_CELLS = 200_000_000  # rows x columns of one raw table (sparse JSON keys would otherwise explode)
# Normalisers that classify free text (field from title, pay, terms) only read this many characters.
MAX_CLASSIFY_CHARS = 500

# --- Excel workbooks (.xlsx is a zip of XML parts) ---------------------------------------------
XLSX_MAX_UNCOMPRESSED_BYTES = 768 * 1024**2  # all parts together, as decompressed
XLSX_MAX_RATIO = 250  # uncompressed / compressed for any part bigger than XLSX_RATIO_FLOOR_BYTES
XLSX_RATIO_FLOOR_BYTES = 8 * 1024**2
XLSX_MAX_CELLS = 25_000_000  # rows x columns a reader allocates for one sheet (Excel's full grid is 1.7e10)
# Distinct strings in the shared-strings table, and their decompressed XML. Measured: 1,000,000 strings of ~60
# characters (60 MB of XML) take 12 s and 460 MB just to read; the 2 GB worker cannot go much further.
XLSX_MAX_SHARED_STRINGS = 1_500_000
XLSX_MAX_SHARED_STRINGS_BYTES = 96 * 1024**2
XLSX_MAX_ENTRIES = 10_000  # parts in the zip (a workbook has a few dozen)

# --- Parquet (run-length and dictionary encoding make a tiny file hold 100 million rows) ---------
PARQUET_MAX_DECODED_BYTES = (
    1024**3
)  # estimated from the footer and the first rows, before decoding (1M listings ~ 320 MB)

# --- values ------------------------------------------------------------------------------------
MIN_YEAR = 1990  # dates before this are typos or placeholders (1900-01-01, 0001-01-01)
FUTURE_LIMIT_DAYS = 730  # dates more than two years ahead are typos (2099) or overflows
MAX_HOURLY_PAY_USD = 1_000.0  # above this an hourly figure is a yearly one or a typo
MAX_COUNT = 1_000_000_000  # a funnel count above this is an overflow, not a cohort
