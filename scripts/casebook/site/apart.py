"""Run one function in a process apart, and take back only its result.

Reading and rendering a large library allocates several times what the `Site` it
returns keeps. CPython keeps memory it has freed for reuse (its small-object arenas,
and the C allocator's heap) rather than give it back to the system, so a build that
read the library itself would carry that peak to its end, beside every page MkDocs
holds. Done in a forked process that then ends, the memory goes back with it; only
the result comes back, pickled.

`run_apart` forks: the function and its arguments are inherited, never pickled, but
the result (or the exception raised) must pickle. The frozen model's read-only
mappings (`types.MappingProxyType`) travel as their contents. Fork only from a process
without other threads (not `mkdocs serve`, whose server threads make forking unsafe).
Where `fork` is missing, the function runs in this process.
"""

from __future__ import annotations

import copyreg
import io
import multiprocessing
import pickle
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import MappingProxyType
from typing import Any, TypeVar

T = TypeVar("T")


def run_apart(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)`, called in a forked process; its exception is raised here, as it was there."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe(duplex=False)
    process = context.Process(target=_call, args=(theirs, function, args, kwargs), daemon=True)
    process.start()
    theirs.close()
    try:
        answer = ours.recv_bytes()
    except EOFError:
        process.join()
        raise RuntimeError(f"{_name(function)} ended its process without an answer (exit code {process.exitcode})") from None
    finally:
        ours.close()
    process.join()
    succeeded, value = pickle.loads(answer)
    if succeeded:
        return value  # type: ignore[no-any-return]
    raise value


def _call(connection: Connection, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """The forked process: call, and send back (True, result) or (False, exception)."""
    try:
        try:
            answer = _dumps((True, function(*args, **kwargs)))
        except Exception as exc:  # raised again in the caller's process, with where it was raised here
            where = traceback.format_exc().rstrip()
            exc.add_note(f"(in the process apart)\n{where}")
            try:
                answer = _dumps((False, exc))
            except Exception:  # an exception that does not pickle still says what went wrong
                answer = _dumps((False, RuntimeError(where)))
        connection.send_bytes(answer)
    finally:
        connection.close()


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # Only this pickler's table: the process-wide `copyreg` registry is left as it is.
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_mapping_proxy}
    pickler.dump(value)
    return buffer.getvalue()


def _reduce_mapping_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Callable[..., Any], tuple[dict[Any, Any]]]:
    return _mapping_proxy, (dict(proxy),)


def _mapping_proxy(contents: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    return MappingProxyType(contents)


def _name(function: Callable[..., Any]) -> str:
    return getattr(function, "__qualname__", repr(function))
