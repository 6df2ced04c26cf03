"""The memory budget for sessions' own data: per-session cap, server-wide LRU eviction, cleanup when a session ends."""
from __future__ import annotations

import gc
import threading

import polars as pl
import pytest

from dashboard.memory_budget import MB, DatasetBudget, SessionTicket, format_size, frames_bytes
from data_loaders import LoadError

CAPS = {"session_cap": 10 * MB, "server_cap": 25 * MB}


def test_least_recently_used_sessions_are_evicted_first() -> None:
    budget = DatasetBudget()
    a, b, c, d = SessionTicket(), SessionTicket(), SessionTicket(), SessionTicket()
    assert budget.store(a, "A", 8 * MB, **CAPS, label="a") == []
    assert budget.store(b, "B", 8 * MB, **CAPS, label="b") == []
    assert budget.store(c, "C", 8 * MB, **CAPS, label="c") == []
    assert budget.fetch(a) == "A"  # a is now the most recently used; b the least
    assert budget.store(d, "D", 8 * MB, **CAPS, label="d") == [b.id]
    assert (budget.fetch(b), budget.ticket_ids()) == (None, [c.id, a.id, d.id])
    assert budget.store(b, "B again", 9 * MB, **CAPS, label="b") == [c.id]
    assert budget.total_bytes() == 25 * MB


def test_replacing_a_sessions_data_counts_only_the_new_data() -> None:
    budget = DatasetBudget()
    ticket = SessionTicket()
    budget.store(ticket, "old", 9 * MB, **CAPS, label="x")
    budget.store(ticket, "new", 9 * MB, **CAPS, label="x")
    assert (budget.fetch(ticket), budget.total_bytes()) == ("new", 9 * MB)


@pytest.mark.parametrize(("size", "caps", "message"), [
    (11 * MB, CAPS, "needs 11 MB of memory, more than the 10 MB one session may hold"),
    (11 * MB, {"session_cap": 50 * MB, "server_cap": 10 * MB}, "more than the 10 MB the server holds for all users"),
])
def test_data_over_a_cap_is_refused_and_the_previous_data_kept(size: int, caps: dict[str, int], message: str) -> None:
    budget = DatasetBudget()
    ticket, other = SessionTicket(), SessionTicket()
    budget.store(ticket, "previous", 2 * MB, **caps, label="mine.csv")
    budget.store(other, "theirs", 2 * MB, **caps, label="theirs.csv")
    with pytest.raises(LoadError, match=message) as refused:
        budget.store(ticket, "too big", size, **caps, label="big.csv")
    assert refused.value.where == "big.csv" and "session_data_mb" in refused.value.fix
    assert (budget.fetch(ticket), budget.fetch(other)) == ("previous", "theirs")  # nobody was evicted for it


def test_a_sessions_data_is_freed_when_its_ticket_dies() -> None:
    budget = DatasetBudget()
    ticket, keeper = SessionTicket(), SessionTicket()
    frame = pl.DataFrame({"a": list(range(1000))})
    budget.store(ticket, frame, 5 * MB, **CAPS, label="x")
    budget.store(keeper, "kept", 1 * MB, **CAPS, label="y")
    del ticket  # Streamlit dropped the ended session's state
    gc.collect()
    assert budget.ticket_ids() == [keeper.id] and budget.total_bytes() == 1 * MB


def test_release_forgets_and_the_ticket_can_store_again() -> None:
    budget = DatasetBudget()
    ticket = SessionTicket()
    budget.store(ticket, "x", MB, **CAPS, label="x")
    budget.release(ticket.id)
    assert budget.fetch(ticket) is None and budget.total_bytes() == 0
    budget.store(ticket, "y", MB, **CAPS, label="y")
    assert budget.fetch(ticket) == "y"


def test_concurrent_sessions_keep_the_books_straight() -> None:
    budget = DatasetBudget()
    tickets = [SessionTicket() for _ in range(16)]

    def churn(ticket: SessionTicket) -> None:
        for round_number in range(200):
            budget.store(ticket, round_number, 3 * MB, **CAPS, label="x")
            budget.fetch(ticket)

    threads = [threading.Thread(target=churn, args=(ticket,)) for ticket in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert budget.total_bytes() <= CAPS["server_cap"]
    assert budget.total_bytes() == 3 * MB * len(budget.ticket_ids())


def test_frames_shared_with_the_sample_cost_nothing() -> None:
    sample = pl.DataFrame({"a": list(range(10_000))})
    own = pl.DataFrame({"b": list(range(5_000))})
    assert frames_bytes([sample, own, None], [sample]) == own.estimated_size()
    assert frames_bytes([sample.clone()], [sample]) == sample.estimated_size()  # a copy is the session's own


@pytest.mark.parametrize(("n_bytes", "shown"), [(MB, "1 MB"), (int(1.2 * MB), "1.2 MB"), (512 * MB, "512 MB"), (1536 * MB, "1.5 GB")])
def test_format_size(n_bytes: int, shown: str) -> None:
    assert format_size(n_bytes) == shown


def test_memoised_results_die_with_their_dataset() -> None:
    from dashboard.state import _WeakLru

    class Owner:
        pass

    cache, owner = _WeakLru(8), Owner()
    assert cache.get_or_compute(owner, "k", lambda: pl.DataFrame({"a": [1]})).height == 1
    assert len(cache._entries) == 1
    del owner
    gc.collect()
    assert len(cache._entries) == 0  # an evicted or ended session's results go with its data
