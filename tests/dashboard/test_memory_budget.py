"""The registry of sessions' own data: tokens, time to live, forget, per-session cap, server-wide LRU eviction."""

from __future__ import annotations

import gc
import threading

import polars as pl
import pytest

from dashboard.memory_budget import (
    EVICTED,
    EXPIRED,
    FORGOTTEN,
    HELD,
    MB,
    UNKNOWN,
    DatasetBudget,
    format_size,
    frames_bytes,
    looks_like_token,
    new_token,
)
from data_loaders import LoadError

HOUR = 3600.0
CAPS = {"session_cap": 10 * MB, "server_cap": 25 * MB, "ttl_seconds": 2 * HOUR}


class Clock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_tokens_are_unguessable_and_url_safe() -> None:
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000  # no repeats
    assert all(looks_like_token(token) and len(token) >= 32 for token in tokens)
    # 192 random bits: every URL-safe character shows up across the sample, none of the URL's own syntax.
    characters = set("".join(tokens))
    assert len(characters) == 64 and not characters & set("?&=#/+ %")


@pytest.mark.parametrize("value", ["", "abc", "x" * 31, "a" * 65, "../../etc/passwd" + "a" * 30, "a b" * 20, None, 42])
def test_a_value_that_is_not_a_token_is_recognised_without_a_lookup(value: object) -> None:
    assert not looks_like_token(value)


def test_data_expires_after_its_time_to_live_since_last_use() -> None:
    clock = Clock()
    budget = DatasetBudget(clock=clock)
    token = new_token()
    budget.store(token, "mine", MB, **CAPS, label="x")
    clock.now += 1.5 * HOUR
    assert budget.fetch(token) == "mine"  # used: the two hours start again
    clock.now += 1.5 * HOUR
    assert budget.fetch(token) == "mine" and budget.status(token) == HELD
    clock.now += 2 * HOUR
    assert budget.fetch(token) is None and budget.status(token) == EXPIRED
    assert budget.total_bytes() == 0 and budget.tokens() == []


def test_forget_drops_the_data_at_once_and_says_why() -> None:
    budget = DatasetBudget(clock=Clock())
    token, other = new_token(), new_token()
    budget.store(token, "mine", MB, **CAPS, label="x")
    budget.store(other, "theirs", MB, **CAPS, label="y")
    budget.release(token)
    assert budget.fetch(token) is None and budget.status(token) == FORGOTTEN
    assert budget.tokens() == [other] and budget.total_bytes() == MB
    assert budget.status(new_token()) == UNKNOWN  # never issued
    budget.store(token, "again", MB, **CAPS, label="x")  # a token can hold data again
    assert budget.fetch(token) == "again"


def test_least_recently_used_data_is_evicted_first() -> None:
    budget = DatasetBudget(clock=Clock())
    a, b, c, d = (new_token() for _ in range(4))
    assert budget.store(a, "A", 8 * MB, **CAPS, label="a") == []
    assert budget.store(b, "B", 8 * MB, **CAPS, label="b") == []
    assert budget.store(c, "C", 8 * MB, **CAPS, label="c") == []
    assert budget.fetch(a) == "A"  # a is now the most recently used; b the least
    assert budget.store(d, "D", 8 * MB, **CAPS, label="d") == [b]
    assert (budget.fetch(b), budget.status(b), budget.tokens()) == (None, EVICTED, [c, a, d])
    assert budget.store(b, "B again", 9 * MB, **CAPS, label="b") == [c]
    assert budget.total_bytes() == 25 * MB


def test_replacing_a_tokens_data_counts_only_the_new_data() -> None:
    budget = DatasetBudget()
    token = new_token()
    budget.store(token, "old", 9 * MB, **CAPS, label="x")
    budget.store(token, "new", 9 * MB, **CAPS, label="x")
    assert (budget.fetch(token), budget.total_bytes()) == ("new", 9 * MB)


def test_only_issued_tokens_can_hold_data() -> None:
    with pytest.raises(ValueError, match="new_token"):
        DatasetBudget().store("guessable", "x", MB, **CAPS, label="x")


@pytest.mark.parametrize(
    ("size", "caps", "message"),
    [
        (11 * MB, CAPS, "needs 11 MB of memory, more than the 10 MB one session may hold"),
        (
            11 * MB,
            {"session_cap": 50 * MB, "server_cap": 10 * MB, "ttl_seconds": HOUR},
            "more than the 10 MB the server holds for all users",
        ),
    ],
)
def test_data_over_a_cap_is_refused_and_the_previous_data_kept(size: int, caps: dict[str, int], message: str) -> None:
    budget = DatasetBudget()
    token, other = new_token(), new_token()
    budget.store(token, "previous", 2 * MB, **caps, label="mine.csv")
    budget.store(other, "theirs", 2 * MB, **caps, label="theirs.csv")
    with pytest.raises(LoadError, match=message) as refused:
        budget.store(token, "too big", size, **caps, label="big.csv")
    assert refused.value.where == "big.csv" and "session_data_mb" in refused.value.fix
    assert (budget.fetch(token), budget.fetch(other)) == ("previous", "theirs")  # nobody was evicted for it


def test_data_outlives_the_session_that_stored_it() -> None:
    # A reload ends the old Streamlit session; the data must still be there for the new one.
    budget = DatasetBudget()
    token = new_token()
    frame = pl.DataFrame({"a": list(range(1000))})
    budget.store(token, frame, 5 * MB, **CAPS, label="x")
    del frame
    gc.collect()
    assert budget.fetch(token).height == 1000


def test_concurrent_sessions_keep_the_books_straight() -> None:
    budget = DatasetBudget()
    tokens = [new_token() for _ in range(16)]

    def churn(token: str) -> None:
        for round_number in range(200):
            budget.store(token, round_number, 3 * MB, **CAPS, label="x")
            budget.fetch(token)
            if round_number % 50 == 0:
                budget.release(token)

    threads = [threading.Thread(target=churn, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert budget.total_bytes() <= CAPS["server_cap"]
    assert budget.total_bytes() == 3 * MB * len(budget.tokens())


def test_frames_shared_with_the_sample_cost_nothing() -> None:
    sample = pl.DataFrame({"a": list(range(10_000))})
    own = pl.DataFrame({"b": list(range(5_000))})
    assert frames_bytes([sample, own, None], [sample]) == own.estimated_size()
    assert frames_bytes([sample.clone()], [sample]) == sample.estimated_size()  # a copy is the session's own


@pytest.mark.parametrize(
    ("n_bytes", "shown"), [(MB, "1 MB"), (int(1.2 * MB), "1.2 MB"), (512 * MB, "512 MB"), (1536 * MB, "1.5 GB")]
)
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
