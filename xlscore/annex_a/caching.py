"""A cache of the extracts read, beside them (`inputs/annex-a/.xlscore-cache/`).

Reading 36 extracts of 100,000 rows takes seconds; a second build reads what the first
made. The cache holds the same personal data as the extracts, so it lives with them (never in
`outputs/`), readable by its owner only, with a `.gitignore` of its own. An entry is keyed by
the extract's content (every byte), its date and name, xlscore's version and the source of
the modules that read it: a changed file, or a changed reader, is read again. An entry is a
pickle, signed with a key kept in the user's own configuration folder, and loaded only when
the signature is xlscore's: a cache copied from elsewhere, or altered, is ignored, never
unpickled.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import io
import os
import pickle
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import fields
from datetime import date
from multiprocessing import get_context
from operator import attrgetter
from pathlib import Path
from typing import Any

from xlscore.annex_a.records import (
    Assessment,
    CareLeaver,
    CarePeriod,
    CinEpisode,
    Contact,
    Enquiry,
    Extract,
    ProtectionPlan,
    Referral,
)
from xlscore.problems import Problem, Problems
from xlscore.version import __version__

FOLDER = ".xlscore-cache"
FORMAT = "2"  # raised whenever an entry's layout changes
# The code an entry was made by: a change to the reader or the rows it makes reads again.
_MADE_BY = ("annex_a/reading.py", "annex_a/lists.py", "annex_a/codes.py", "annex_a/safety.py",
            "annex_a/records.py", "records.py", "problems.py")
_MAGIC = b"xlscore annex-a cache\n"
_SUFFIX = ".extract"
KEY_VARIABLE = "XLSCORE_CACHE_KEY"  # where the signing key is kept (tests point it elsewhere)

Reader = Callable[[Path, date, Problems, str], Extract | None]


def read_through(folder: Path, found: Sequence[tuple[date, Path]], problems: Problems,
                 read: Reader, cache: bool = True, workers: int = 1,
                 names: Sequence[str | None] | None = None) -> list[Extract]:
    """The extracts `found`, in order, each from the cache when it holds this very file,
    else read (and kept for next time when it was read without an error); with `workers`
    above 1, several large ones side by side in worker processes. `names` are the entries'
    names (`entry_names`) when the caller has them already: each file is hashed once."""
    key = _signing_key() if cache else None
    store = folder / FOLDER
    done: dict[int, tuple[Extract | None, Problems]] = {}
    used: set[str] = set()
    misses: list[tuple[int, Path, date, str, str | None]] = []
    if key and names is None:
        names = entry_names(found)
    for index, (when, path) in enumerate(found):
        shown = str(path)
        name = names[index] if key and names is not None else None
        entry = _load(store / name, key) if name and key else None
        if entry is None:
            misses.append((index, path, when, shown, name))
            continue
        reported = Problems()
        for problem in entry[1]:
            reported.add(problem)
        done[index] = entry[0], reported
        used.add(name)  # type: ignore[arg-type]
    for index, name, extract, reported, kept in _read_all(misses, read, store, key, workers):
        done[index] = extract, reported
        if kept and name:
            used.add(name)
    extracts: list[Extract] = []
    for index in range(len(found)):
        extract, reported = done[index]
        problems.extend(reported)
        if extract is not None:
            extracts.append(extract)
    if key and store.is_dir():
        _prune(store, used)
    return extracts


PARALLEL_FROM = 4 << 20  # bytes to read before worker processes pay for their start
MAX_WORKERS = 4  # each holds one workbook's cells (about 100 MB for 100,000 rows)


def _read_all(misses: Sequence[tuple[int, Path, date, str, str | None]], read: Reader,
              store: Path, key: bytes | None, workers: int,
              ) -> Iterator[tuple[int, str | None, Extract | None, Problems, bool]]:
    """Read the extracts the cache did not hold: in worker processes when asked and there
    are several and enough to read, else here. A worker that dies (a reader crashing on a
    hostile file) costs that file an error, not the build."""
    workers = min(workers, os.cpu_count() or 1, len(misses), MAX_WORKERS)
    # Only forked workers (a spawned one would run the caller's script again: Windows, macOS),
    # and only from a process of one thread (a lock another thread held would stay held).
    if (workers < 2 or sys.platform != "linux" or threading.active_count() > 1
            or sum(_size(m[1]) for m in misses) < PARALLEL_FROM):
        for index, path, when, shown, name in misses:
            yield index, name, *_read_one(read, path, when, shown, store, name, key)
        return
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"))
    except (OSError, ValueError, ImportError):  # no processes here: read in turn
        for index, path, when, shown, name in misses:
            yield index, name, *_read_one(read, path, when, shown, store, name, key)
        return
    with pool:
        futures = [(index, name, pool.submit(_read_packed, read, path, when, shown, store,
                                             name, key))
                   for index, path, when, shown, name in misses]
        for index, name, future in futures:
            try:
                yield index, name, *_unpacked(*future.result())
            except BrokenProcessPool:  # one worker died, and every read not finished with it
                yield index, name, *_read_alone(read, misses, index, store, key)


def _read_alone(read: Reader, misses: Sequence[tuple[int, Path, date, str, str | None]],
                index: int, store: Path, key: bytes | None,
                ) -> tuple[Extract | None, Problems, bool]:
    """Read one extract again in a process of its own: only the file that ends it errs."""
    _, path, when, shown, name = next(m for m in misses if m[0] == index)
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as alone:
            return alone.submit(_read_one, read, path, when, shown, store, name, key).result()
    except BrokenProcessPool:
        stopped = Problems()
        stopped.error("the reader stopped while reading this extract; open it in Excel and "
                      "save it again", file=shown, code="annexa.unreadable")
        return None, stopped, False


def _read_one(read: Reader, path: Path, when: date, shown: str, store: Path,
              name: str | None, key: bytes | None) -> tuple[Extract | None, Problems, bool]:
    """Read one extract and keep it in the cache when it was read without an error."""
    extract, local, body = _read_kept(read, path, when, shown, store, name, key)
    return extract, local, body is not None


def _read_kept(read: Reader, path: Path, when: date, shown: str, store: Path,
               name: str | None, key: bytes | None,
               ) -> tuple[Extract | None, Problems, bytes | None]:
    """`_read_one`, with the cache entry's body when it was kept."""
    local = Problems()
    extract = read(path, when, local, shown)
    if extract is None or not (name and key) or local.errors or local.omitted:
        return extract, local, None
    body = _pickled((extract, tuple(local.items)))
    return extract, local, body if _store(store, name, key, body) else None


def _read_packed(*arguments: Any) -> tuple[bytes, bytes | None]:
    """`_read_one` in a worker, its result pickled there, to be loaded with the collector off
    (the pool's own loading would walk 100,000 new rows again and again): an extract kept
    in the cache is sent as the entry's body, pickled once for both."""
    extract, local, body = _read_kept(*arguments)
    if body is None:
        return _pickled((extract, local, False)), None
    return _pickled((None, local, True)), body


_ROWS = (Contact, Referral, Assessment, Enquiry, CinEpisode, ProtectionPlan, CarePeriod,
         CareLeaver)
# Each kind's fields in its constructor's order, got in one call (a row has two or more).
_FIELDS = {kind: attrgetter(*(f.name for f in fields(kind))) for kind in _ROWS}


def _row_made_again(row: Any) -> tuple[type, tuple[Any, ...]]:
    kind = type(row)
    return kind, _FIELDS[kind](row)


def _pickled(entry: object) -> bytes:
    """`entry` pickled with each row as its constructor's arguments: loaded, a row is made
    by its constructor, half the memory of one whose attributes a pickle sets (18 MB rather
    than 33 MB for 95,500 rows), in the same time, and the entry is a third smaller."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dict.fromkeys(_ROWS, _row_made_again)
    pickler.dump(entry)
    return out.getvalue()


def _unpacked(data: bytes, body: bytes | None) -> tuple[Extract | None, Problems, bool]:
    collecting = gc.isenabled()
    gc.disable()
    try:
        extract, local, kept = pickle.loads(data)
        if body is not None:
            extract = pickle.loads(body)[0]
    finally:
        if collecting:
            gc.enable()
    return extract, local, kept


def _size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(member.stat().st_size for member in path.iterdir() if member.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def entry_names(found: Sequence[tuple[date, Path]]) -> list[str | None]:
    """Each extract's entry name: a digest of every byte of the file, its date and name and
    the code that reads it (None: it cannot be read now)."""
    return [_entry_name(path, when, str(path)) for when, path in found]


def _entry_name(path: Path, when: date, shown: str) -> str | None:
    digest = hashlib.sha256(_code_fingerprint())
    for part in (FORMAT, __version__, when.isoformat(), shown):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    try:
        members = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
        for member in members:
            digest.update(member.name.encode("utf-8", "surrogatepass") + b"\0")
            with member.open("rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
            digest.update(b"\0")
    except OSError:
        return None
    return digest.hexdigest() + _SUFFIX


_fingerprint: list[bytes] = []


def _holidays_version() -> str:
    """The bank holidays' source: a new release (a special holiday added) works out again
    the working days of every figure kept."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:
        return ""


def _code_fingerprint() -> bytes:
    """A digest of the modules that make an entry (read once a run)."""
    if not _fingerprint:
        _fingerprint.append(_fingerprint_of(_MADE_BY))
    return _fingerprint[0]


def _fingerprint_of(modules: Sequence[str]) -> bytes:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for name in modules:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # run from an archive: the version alone keys it
            digest.update(name.encode())
    return digest.digest()


def _signing_key() -> bytes | None:
    """The user's own key (made on first use, readable by them only); None: no cache."""
    place = os.environ.get(KEY_VARIABLE)
    if place:
        path = Path(place)
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        path = Path(base) / "xlscore" / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) >= 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as out:
            out.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) >= 32 else None


def _load(path: Path, key: bytes) -> tuple[Extract, tuple[Problem, ...]] | None:
    entry = _signed(path, key)
    if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], Extract)):
        return None
    return entry


def _signed(path: Path, key: bytes) -> Any:
    """The entry at `path` if xlscore signed it with `key`, else None (never unpickled)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_MAGIC):
        return None
    signature, body = data[len(_MAGIC):len(_MAGIC) + 32], data[len(_MAGIC) + 32:]
    if not hmac.compare_digest(signature, hmac.new(key, body, hashlib.sha256).digest()):
        return None
    collecting = gc.isenabled()
    gc.disable()  # a pickle of 100,000 rows: the collector would walk them all again and again
    try:
        return pickle.loads(body)
    except Exception:  # noqa: BLE001 - an entry made by another version: read the file again
        return None
    finally:
        if collecting:
            gc.enable()


# ---------------------------------------------------------------------------------------
# The figures of the last build: when neither an extract nor a rule has changed since, a
# build takes them instead of loading every row again (seconds for 36 extracts). Keyed by
# every extract's entry name (so by every byte of every file), the rules as the catalogue
# gives them and the code that works them out; one entry, the latest, is kept.

_FIGURES = ".figures"
_WORKED_BY = ("annex_a/rules.py", "annex_a/windows.py", "annex_a/calendar.py",
              "annex_a/build.py", "annex_a/auditing.py", "periods.py", "model.py")


def recall(folder: Path, names: Sequence[str | None], recipe: str) -> Any:
    """The figures `remember` kept for these very extracts and rules, or None."""
    key = _signing_key()
    if key is None or any(name is None for name in names):
        return None
    return _signed(folder / FOLDER / _figures_name(names, recipe), key)


def remember(folder: Path, names: Sequence[str | None], recipe: str, figures: object) -> None:
    """Keep `figures` (no rows: counts, row numbers, file names) for the next build, in place
    of the figures kept before."""
    key = _signing_key()
    if key is None or any(name is None for name in names):
        return
    store, name = folder / FOLDER, _figures_name(names, recipe)
    if _store(store, name, key, _pickled(figures)):
        for entry in store.iterdir():
            if entry.name.endswith(_FIGURES) and entry.name != name:
                entry.unlink(missing_ok=True)


def _figures_name(names: Sequence[str | None], recipe: str) -> str:
    digest = hashlib.sha256(_code_fingerprint() + _fingerprint_of(_WORKED_BY))
    for part in (FORMAT, __version__, _holidays_version(), recipe,
                 *[name or "" for name in names]):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest() + _FIGURES


def _store(cache: Path, name: str, key: bytes, body: bytes) -> bool:
    """Keep an entry (`_pickled`); a cache that cannot be written (a read-only share) is no
    error."""
    try:
        cache.mkdir(mode=0o700, exist_ok=True)  # workers may make it at once
        ignore = cache / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# xlscore's cache of Annex A extracts: personal data, never "
                              "committed\n*\n", encoding="utf-8")
        signature = hmac.new(key, body, hashlib.sha256).digest()
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=cache)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_MAGIC + signature + body)
            os.replace(temporary, cache / name)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


def _prune(cache: Path, used: set[str]) -> None:
    """Entries for files no longer in the folder (or changed since) go."""
    try:
        for entry in cache.iterdir():
            if entry.name.endswith(_SUFFIX) and entry.name not in used:
                entry.unlink(missing_ok=True)
    except OSError:
        pass
