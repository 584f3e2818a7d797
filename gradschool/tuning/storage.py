"""Where a study's trials live: an SQLAlchemy URL, checked before any trial runs.

    None                              in memory (this process only; lost at exit)
    sqlite:///runs/hp/study.db        a file: survives a crash, resumable, shared by
                                      the processes of one machine
    postgresql://user:pw@host/db      a server: shared by many machines (Ray)

Every URL that SQLAlchemy and Optuna's RDBStorage understand works. For
PostgreSQL install a driver (`pip install psycopg2-binary`), create the
database once (`createdb hpsearch`) and pass
`postgresql://user:password@host:5432/hpsearch` on every machine; Optuna
creates its tables on first use.

SQLite and several processes: SQLite lets one writer in at a time and makes
the others wait for the lock; a busy database makes a waiting writer fail
with "database is locked" after `timeout` seconds (5 by default). Trials
write a few rows each, so the wait is short, but we raise the timeout to
SQLITE_TIMEOUT seconds (passed as `engine_kwargs={"connect_args":
{"timeout": ...}}`, as Optuna documents) so that a burst of workers never
fails on it. Optuna itself recommends a server database over SQLite for
parallel optimisation; SQLite is fine for the handful of local workers a
machine runs, and the file must be on a local disk (not NFS).

An SQLite file is switched to write-ahead logging (PRAGMA journal_mode=WAL,
kept in the file) and its connections to synchronous=NORMAL: a commit then
appends to study.db-wal without waiting for the disk (about 0.2 ms instead
of 15 ms here, and Optuna commits ~10 times a trial), and readers no longer
block the writer. A killed process loses nothing it committed; a power cut
may lose the last commits, never the consistency of the file (a lost trial
just runs again).
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import optuna
import sqlalchemy
import sqlalchemy.event
import sqlalchemy.exc
from sqlalchemy.engine import make_url

SQLITE_TIMEOUT = 60.0


def sqlite_path(url: str) -> Path | None:
    """The database file of an SQLite URL, None for other URLs or an in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def absolute_url(url: str | None) -> str | None:
    """`url` with an SQLite file path made absolute (workers may start in another folder)."""
    path = None if url is None else sqlite_path(url)
    if path is None or path.is_absolute():
        return url
    return make_url(url).set(database=str(path.resolve())).render_as_string(hide_password=False)


def is_shared(url: str | None) -> bool:
    """True when other processes can open the same storage (not memory)."""
    if url is None:
        return False
    parsed = make_url(url)
    return parsed.get_backend_name() != "sqlite" or sqlite_path(url) is not None


def check_url(url: str | None) -> None:
    """Raise a ValueError naming `url` when it is not a URL a storage can be opened at.

    Checked here, before anything is written: the text parses as an
    SQLAlchemy URL, and for an SQLite file its directory exists and we may
    write the file (or, when new, create it in that directory).
    """
    if url is None:
        return
    if not isinstance(url, str):
        raise TypeError(f"storage must be an SQLAlchemy URL string or None, got {url!r}")
    try:
        make_url(url)
    except sqlalchemy.exc.ArgumentError as e:
        raise ValueError(f"storage {url!r} is not an SQLAlchemy URL "
                         "(e.g. sqlite:///study.db, postgresql://user@host/db)") from e
    path = sqlite_path(url)
    if path is None:
        return
    if path.is_dir():
        raise ValueError(f"storage {url!r}: {path} is a directory, not a database file")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ValueError(f"storage {url!r}: directory {folder} does not exist")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ValueError(f"storage {url!r}: {path} is not readable and writable")
    if not path.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"storage {url!r}: cannot create {path}, directory {folder} "
                         "is not writable")


def open_storage(url: str | None) -> optuna.storages.BaseStorage:
    """Optuna's storage at `url` (InMemoryStorage for None); errors name the URL."""
    check_url(url)
    if url is None:
        return optuna.storages.InMemoryStorage()
    engine_kwargs = {}
    path = sqlite_path(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine_kwargs = {"connect_args": {"timeout": SQLITE_TIMEOUT}}
    try:
        if path is not None:
            _write_ahead_log(path)
        storage = optuna.storages.RDBStorage(url, engine_kwargs=engine_kwargs)
    except Exception as e:  # a missing driver, a refused connection, a corrupt file, ...
        raise ValueError(f"storage {url!r} cannot be opened: {type(e).__name__}: {e}") from e
    if path is not None:
        sqlalchemy.event.listen(storage.engine, "connect", _synchronous_normal)
        storage.engine.dispose()        # the connections opened so far reconnect with it
    return storage


def _write_ahead_log(path: Path) -> None:
    """Switch the SQLite file at `path` (created if new) to WAL mode, which it keeps."""
    con = sqlite3.connect(path, timeout=SQLITE_TIMEOUT)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def _synchronous_normal(dbapi_connection, connection_record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
