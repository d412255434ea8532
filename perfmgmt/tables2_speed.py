"""django-tables2 asks ``inspect.signature`` which arguments a column's ``render_FOO``
wants for every cell it draws: a thousand times for a 100-row page of ten columns, and
about a tenth of the scorecard's time at the demo's size (docs/performance.md). The
answer depends only on the function's code, so it is worked out once per code object.

Only plain functions and methods are remembered; a decorated function (``__wrapped__``),
one with its own ``__signature__`` and any other callable are asked each time, as the
library does. Keyed by code object, the memory is bounded by the source, however many
tables, bound methods or lambdas are made. Applied at start-up by ``PerfmgmtConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import CodeType, FunctionType, MethodType

from django_tables2 import utils

Signature = tuple[tuple[str, ...], str | None]

_asked_each_time: Callable[[Callable], Signature] = utils.signature
_known: dict[tuple[CodeType, bool], Signature] = {}


def signature(fn: Callable) -> Signature:
    function = fn.__func__ if isinstance(fn, MethodType) else fn
    if (
        not isinstance(function, FunctionType)
        or hasattr(function, "__wrapped__")
        or hasattr(function, "__signature__")
    ):
        return _asked_each_time(fn)
    key = (function.__code__, function is not fn)
    found = _known.get(key)
    if found is None:
        args, keywords = _asked_each_time(fn)
        found = _known[key] = (tuple(args), keywords)
    return found


def apply() -> None:
    utils.signature = signature
