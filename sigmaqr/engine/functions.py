"""AQL functions, operators and aggregates as SQLite user-defined functions.

Every scalar returns NULL (None) when a value argument is NULL, which gives SQL's three-valued
logic for free: a NULL property makes ``LIKE``, ``=`` and ``MATCHES`` unknown, and ``NOT``
unknown stays unknown. Booleans are returned as 1 / 0 / NULL.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import math
import operator
import re
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from sigmaqr.engine import qids
from sigmaqr.engine.dateformat import format_time
from sigmaqr.engine.errors import EngineError
from sigmaqr.engine.javaregex import compile_java
from sigmaqr.engine.timewindow import parse_datetime_reference

__all__ = [
    "AGGREGATES",
    "FOLD_UNSAFE",
    "SCALARS",
    "Context",
    "FunctionSpec",
    "caseless_folded",
    "fold_unsafe",
    "like_glob",
    "like_matcher",
    "register",
]

Kind = str
"""Static result type used by the compiler: int, num, text, ip, bytes, bool, null or any."""

_PROTOCOLS = {1: "ICMP.icmp.ip", 6: "TCP.tcp.ip", 17: "UDP.udp.ip", 58: "ICMPv6.icmp.ip"}
_INTEGER = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?")
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


@attrs.define
class Context:
    """What the functions of one query run can see: the store, ``now`` and QID names."""

    logsource_name: Callable[[int], str | None]
    reference_sets: dict[str, frozenset[str]]
    qid_names: dict[int, tuple[str, str]]
    now: int
    error: Exception | None = None


@attrs.frozen
class FunctionSpec:
    """An AQL scalar function: implementation, accepted argument counts and result type."""

    impl: Callable[..., Any]
    arity: tuple[int, int]
    returns: Kind
    needs_context: bool = False


# -- value helpers -------------------------------------------------------------------------


def as_text(value: Any) -> str | None:
    """Return a value as text (payload bytes decoded as UTF-8); None stays None."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, float) and value.is_integer():
        return f"{value:.1f}"
    return str(value)


def as_number(value: Any) -> Any:
    """Return numeric text as a number; anything else unchanged."""
    if isinstance(value, (bytes, str)):
        text = as_text(value)
        assert text is not None
        stripped = text.strip()
        if _INTEGER.fullmatch(stripped):
            return int(stripped)
        if _FLOAT.fullmatch(stripped):
            return float(stripped)
        return text
    return value


def compare(op: str, left: Any, right: Any) -> int | None:
    """Compare two values with AQL rules: numbers numerically (numeric text counts as a number),
    text case-sensitively, a number against other text as text. NULL gives NULL."""
    if left is None or right is None:
        return None
    left, right = as_number(left), as_number(right)
    if isinstance(left, str) != isinstance(right, str):
        left, right = as_text(left), as_text(right)
    return int(_COMPARE[op](left, right))


FOLD_UNSAFE = "\u0130\u212a"
"""The characters outside ASCII whose ``str.lower`` is ASCII or longer than one character
(U+0130 LATIN CAPITAL LETTER I WITH DOT ABOVE lowers to ``i`` and a combining dot; U+212A
KELVIN SIGN lowers to ``k``). A text free of them (and of NUL) lower-cases exactly as SQLite's
ASCII-only ``LIKE`` folds it, as far as an ASCII pattern can tell; tests/engine/test_fastpath.py
checks the list against the running Python's Unicode tables."""


def fold_unsafe(texts: Iterable[object]) -> bool:
    """Whether any of the texts holds NUL or a :data:`FOLD_UNSAFE` character: SQLite's
    ``LIKE``/``GLOB`` stop at NUL, and ``LIKE`` folds only ASCII."""
    joined = "".join(t for t in texts if type(t) is str)
    if "\x00" in joined:
        return True
    return not joined.isascii() and any(c in joined for c in FOLD_UNSAFE)


def caseless_folded(pattern: str) -> bool:
    """Whether every character of ``pattern.lower()`` is ASCII or caseless (its own upper and
    lower case, as emoji, dashes and CJK are). No character outside ASCII lower-cases to a
    caseless character, so in an ILIKE pattern such characters match only themselves;
    tests/engine/test_fastpath.py checks this against the running Python's Unicode tables."""
    return all(c.isascii() or c == c.upper() == c.lower() for c in pattern.lower())


def like_glob(pattern: str) -> str:
    """The SQLite ``GLOB`` pattern matching exactly what a case-sensitive AQL ``LIKE`` pattern
    matches: ``%`` becomes ``*``, ``_`` becomes ``?``, and GLOB's own ``*``, ``?`` and ``[``
    are bracketed to stay literal."""
    special = {"%": "*", "_": "?", "*": "[*]", "?": "[?]", "[": "[[]"}
    return "".join(special.get(c, c) for c in pattern)


@functools.lru_cache(maxsize=4096)
def like_matcher(pattern: str, ignore_case: bool) -> Callable[[str], bool]:
    """Return a whole-value matcher for a LIKE pattern: ``%`` any run, ``_`` one character,
    everything else (backslash included) literal. ILIKE lower-cases the pattern and the value
    (Unicode ``str.lower``) and compares them."""
    fold: Callable[[str], str] = str.lower if ignore_case else str
    if "_" not in pattern:
        pieces = [fold(piece) for piece in pattern.split("%")]
        if len(pieces) == 1:
            return lambda v: fold(v) == pieces[0]
        if len(pieces) == 2:
            head, tail = pieces
            least = len(head) + len(tail)

            def prefix_suffix(value: str) -> bool:
                folded = fold(value)
                return len(folded) >= least and folded.startswith(head) and folded.endswith(tail)

            return prefix_suffix
        if len(pieces) == 3 and not pieces[0] and not pieces[2]:
            return lambda v: pieces[1] in fold(v)
    folded = fold(pattern)
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in folded)
    compiled = re.compile(regex, re.DOTALL)
    return lambda v: compiled.fullmatch(fold(v)) is not None


def _truth(value: bool) -> int:
    return 1 if value else 0


# -- pattern matching ----------------------------------------------------------------------


def _like(value: Any, pattern: Any, ignore_case: bool) -> int | None:
    if value is None or pattern is None:
        return None
    text = value if type(value) is str else as_text(value)
    pat = pattern if type(pattern) is str else as_text(pattern)
    return _truth(like_matcher(pat, ignore_case)(text))  # type: ignore[arg-type]


def _like_cased(value: Any, pattern: Any) -> int | None:
    return _like(value, pattern, False)


def _like_folded(value: Any, pattern: Any) -> int | None:
    return _like(value, pattern, True)


def _matches(value: Any, pattern: Any, ignore_case: bool) -> int | None:
    text, pat = as_text(value), as_text(pattern)
    if text is None or pat is None:
        return None
    return _truth(compile_java(pat, ignore_case).fullmatch(text) is not None)


def _text_search(payload: Any, text: Any) -> int | None:
    haystack, needle = as_text(payload), as_text(text)
    if haystack is None or needle is None:
        return None
    return _truth(all(word in haystack.lower() for word in needle.lower().split()))


# -- scalar functions ----------------------------------------------------------------------


def _null_safe(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any) -> Any:
        return None if any(a is None for a in args) else func(*args)

    return wrapper


def _to_long(value: Any) -> int | None:
    number = as_number(value)
    if isinstance(number, (int, float)):
        return int(number)
    try:
        return int(ipaddress.ip_address(str(number).strip()))
    except ValueError:
        return None


def _to_double(value: Any) -> float | None:
    number = as_number(value)
    return float(number) if isinstance(number, (int, float)) else None


def _substring(value: Any, start: Any, end: Any = None) -> str | None:
    text = as_text(value)
    if text is None or start is None:
        return None
    begin = max(int(start), 0)
    return text[begin:] if end is None else text[begin : max(int(end), begin)]


def _strpos(value: Any, needle: Any, start: Any = 0) -> int | None:
    text, sub = as_text(value), as_text(needle)
    if text is None or sub is None:
        return None
    return text.find(sub, int(start or 0))


def _java_replacement(replacement: str) -> str:
    return re.sub(
        r"\\(.)|\$\{(\w+)\}|\$(\d)",
        lambda m: (
            m.group(1).replace("\\", "\\\\")
            if m.group(1) is not None
            else f"\\g<{m.group(2) or m.group(3)}>"
        ),
        replacement.replace("\\\\", "\x00"),
    ).replace("\x00", "\\\\")


def _replace(count: int) -> Callable[..., str | None]:
    def replace(regex: Any, replacement: Any, value: Any) -> str | None:
        text = as_text(value)
        if text is None or regex is None or replacement is None:
            return None
        pattern = compile_java(str(regex))
        return pattern.sub(_java_replacement(str(replacement)), text, count=count)

    return replace


def _concat(*args: Any) -> str:
    return "".join(as_text(a) or "" for a in args)


@functools.lru_cache(maxsize=4096)
def _cidr_span(text: str) -> tuple[int, int, int] | None:
    """A CIDR range as (IP version, first address, last address), or None when invalid."""
    try:
        network = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None
    return network.version, int(network.network_address), int(network.broadcast_address)


def _address_key(value: str | int) -> tuple[int, int] | None:
    """An address as (IP version, number), IPv4-mapped IPv6 as IPv4; None when invalid."""
    try:
        ip = ipaddress.ip_address(value)
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None) or ip
    return mapped.version, int(mapped)


_address_text_key = functools.lru_cache(maxsize=65536)(_address_key)
"""Parsed addresses by text: INCIDR tests one column against many ranges."""


def _incidr(cidr: Any, address: Any) -> int | None:
    if cidr is None or address is None:
        return None
    span = _cidr_span(str(cidr))
    if span is None:
        raise EngineError(f"INCIDR: {cidr!r} is not a CIDR range")
    if isinstance(address, int):
        key = _address_key(int(address))
    else:
        key = _address_text_key(str(address).strip())
    if key is None:
        return 0
    version, first, last = span
    return _truth(key[0] == version and first <= key[1] <= last)


def _dateformat(value: Any, pattern: Any, zone: Any = "UTC") -> str | None:
    number = as_number(value)
    if value is None or pattern is None or not isinstance(number, (int, float)):
        return None
    return format_time(int(number), str(pattern), str(zone or "UTC"))


def _qid_field(index: int) -> Callable[[Context, Any], str | None]:
    def lookup(ctx: Context, qid: Any) -> str | None:
        number = as_number(qid)
        if not isinstance(number, int):
            return None
        found = ctx.qid_names.get(number)
        return found[index] if found else None

    return lookup


def _by_id(lookup: Callable[[int], str | None]) -> Callable[[Any], str | None]:
    def resolve(value: Any) -> str | None:
        number = as_number(value)
        return lookup(number) if isinstance(number, int) else None

    return resolve


def _logsourcename(ctx: Context, value: Any) -> str | None:
    return _by_id(ctx.logsource_name)(value)


def _reference_set_contains(ctx: Context, name: Any, value: Any) -> int | None:
    members = ctx.reference_sets.get(str(name))
    if members is None:
        raise EngineError(f"REFERENCESETCONTAINS: reference set {name!r} is not loaded")
    return None if value is None else _truth(as_text(value) in members)


def _power(base: Any, exponent: Any) -> Any:
    base, exponent = as_number(base), as_number(exponent)
    if not isinstance(base, (int, float)) or not isinstance(exponent, (int, float)):
        return None
    return base**exponent


def _truth_value(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return _truth(value != 0)
    text = (as_text(value) or "").strip().lower()
    return 1 if text == "true" else 0 if text == "false" else None


def _now(ctx: Context) -> int:
    return ctx.now


def _parsedatetime(ctx: Context, text: Any) -> int | None:
    return None if text is None else parse_datetime_reference(str(text), ctx.now)


def _spec(
    impl: Callable[..., Any], low: int, high: int, returns: Kind, ctx: bool = False
) -> FunctionSpec:
    return FunctionSpec(impl, (low, high), returns, ctx)


SCALARS: dict[str, FunctionSpec] = {
    "UTF8": _spec(as_text, 1, 1, "text"),
    "STR": _spec(as_text, 1, 1, "text"),
    "BASE64": _spec(
        _null_safe(
            lambda v: base64.b64encode(v if isinstance(v, bytes) else str(v).encode()).decode()
        ),
        1,
        1,
        "text",
    ),
    "LOWER": _spec(_null_safe(lambda v: (as_text(v) or "").lower()), 1, 1, "text"),
    "UPPER": _spec(_null_safe(lambda v: (as_text(v) or "").upper()), 1, 1, "text"),
    "CONCAT": _spec(_concat, 1, 255, "text"),
    "NOW": _spec(_now, 0, 0, "int", ctx=True),
    "LONG": _spec(_to_long, 1, 1, "int"),
    "DOUBLE": _spec(_to_double, 1, 1, "num"),
    "STRLEN": _spec(_null_safe(lambda v: len(as_text(v) or "")), 1, 1, "int"),
    "SUBSTRING": _spec(_substring, 2, 3, "text"),
    "STRPOS": _spec(_strpos, 2, 3, "int"),
    "REPLACEALL": _spec(_replace(0), 3, 3, "text"),
    "REPLACEFIRST": _spec(_replace(1), 3, 3, "text"),
    "DATEFORMAT": _spec(_dateformat, 2, 3, "text"),
    "PARSEDATETIME": _spec(_parsedatetime, 1, 1, "int", ctx=True),
    "QIDNAME": _spec(_qid_field(0), 1, 1, "text", ctx=True),
    "QIDDESCRIPTION": _spec(_qid_field(1), 1, 1, "text", ctx=True),
    "CATEGORYNAME": _spec(_by_id(qids.category_name), 1, 1, "text"),
    "LOGSOURCENAME": _spec(_logsourcename, 1, 1, "text", ctx=True),
    "LOGSOURCETYPENAME": _spec(_by_id(qids.logsource_type_name), 1, 1, "text"),
    "PROTOCOLNAME": _spec(_by_id(_PROTOCOLS.get), 1, 1, "text"),
    "INCIDR": _spec(_incidr, 2, 2, "bool"),
    "REFERENCESETCONTAINS": _spec(_reference_set_contains, 2, 2, "bool", ctx=True),
}
"""AQL scalar functions the engine implements, by upper-case name."""

_UNGUARDED: dict[str, tuple[Callable[..., Any], int]] = {
    "like": (_like_cased, 2),
    "ilike": (_like_folded, 2),
    "num": (as_number, 1),
}
"""Hot operators that cannot raise; registered without the error-capturing wrapper."""

_OPERATORS: dict[str, tuple[Callable[..., Any], int]] = {
    "matches": (lambda v, p: _matches(v, p, False), 2),
    "imatches": (lambda v, p: _matches(v, p, True), 2),
    "textsearch": (_text_search, 2),
    "cmp": (compare, 3),
    "pow": (_power, 2),
    "truth": (_truth_value, 1),
}


# -- aggregates ----------------------------------------------------------------------------


class _First:
    """FIRST(x): the value of the earliest event (by starttime, then storage order)."""

    def __init__(self) -> None:
        self.key: tuple[Any, Any] | None = None
        self.value: Any = None

    def better(self, key: tuple[Any, Any]) -> bool:
        assert self.key is not None
        return key < self.key

    def step(self, value: Any, time: Any, row: Any) -> None:
        key = (time if time is not None else math.inf, row)
        if self.key is None or self.better(key):
            self.key, self.value = key, value

    def finalize(self) -> Any:
        return self.value


class _Last(_First):
    """LAST(x): the value of the latest event."""

    def better(self, key: tuple[Any, Any]) -> bool:
        assert self.key is not None
        return key > self.key


class _StdDev:
    """STDEV(x) (sample) over the non-null numeric values."""

    population = False

    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        number = as_number(value)
        if isinstance(number, (int, float)):
            self.values.append(float(number))

    def finalize(self) -> float | None:
        count = len(self.values) - (0 if self.population else 1)
        if count <= 0:
            return None
        mean = sum(self.values) / len(self.values)
        return math.sqrt(sum((v - mean) ** 2 for v in self.values) / count)


class _StdDevP(_StdDev):
    """STDEVP(x) (population)."""

    population = True


AGGREGATES: dict[str, tuple[type[Any], int]] = {
    "first": (_First, 3),
    "last": (_Last, 3),
    "stdev": (_StdDev, 1),
    "stdevp": (_StdDevP, 1),
}
"""Aggregates SQLite lacks, registered as ``aql_<name>``."""


def _guard(ctx: Context, func: Callable[..., Any], with_ctx: bool) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        try:
            return func(ctx, *args) if with_ctx else func(*args)
        except Exception as error:
            ctx.error = error
            raise

    return call


def register(connection: sqlite3.Connection, ctx: Context) -> None:
    """Register every function on a connection, bound to one query run's context.

    A function that raises records the error in ``ctx.error`` (SQLite only reports that a
    user-defined function failed); the executor re-raises it.
    """
    for name, spec in SCALARS.items():
        low, high = spec.arity
        nargs = low if low == high else -1
        call = _guard(ctx, spec.impl, spec.needs_context)
        connection.create_function(f"aql_{name.lower()}", nargs, call, deterministic=name != "NOW")
    for name, (func, nargs) in _UNGUARDED.items():
        connection.create_function(f"aql_{name}", nargs, func, deterministic=True)
    for name, (func, nargs) in _OPERATORS.items():
        connection.create_function(
            f"aql_{name}", nargs, _guard(ctx, func, False), deterministic=True
        )
    for name, (cls, nargs) in AGGREGATES.items():
        connection.create_aggregate(f"aql_{name}", nargs, cls)
