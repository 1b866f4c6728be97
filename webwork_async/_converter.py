"""The one cattrs converter, configured once at import.

Decoding is the hot path of every list call (a page is 100 models), so the structure hooks
for attrs models are generated here as straight-line Python, one function per class, through
a cattrs hook factory: each field is read with one dict lookup and kept as-is when it already
has the right type, and only falls back to a conversion function when it does not (numeric
strings, ``"Z"`` timestamps, custom status codes). That avoids a Python call per field, which
is where cattrs' generic generated code spends its time; ``benchmarks/bench_decode.py`` keeps
the comparison with pydantic honest.
"""

from __future__ import annotations

import functools
import linecache
import sys
import types
from collections.abc import Callable
from datetime import date, datetime, time, timezone
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs

from . import models
from .models._enums import OpenIntEnum, OpenStrEnum

__all__ = ["DECODE_ERRORS", "converter", "structure", "unstructure"]

T = TypeVar("T")

converter = cattrs.Converter(detailed_validation=False, forbid_extra_keys=False)

# What a structure hook may raise on malformed input; the client turns these into
# ResponseDecodeError so callers never see a bare KeyError or cattrs exception.
DECODE_ERRORS: tuple[type[Exception], ...] = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
    cattrs.BaseValidationError,
)


def _int(v: Any, _: Any = None) -> int:
    if type(v) is int:
        return v
    # Some PHP backends send numeric strings; a bool or float would be a silent corruption.
    if isinstance(v, str) and v.strip().lstrip("-").isdigit():
        return int(v)
    raise TypeError(f"expected an integer, got {type(v).__name__}")


def _float(v: Any, _: Any = None) -> float:
    if type(v) is float or type(v) is int:
        return float(v)
    if isinstance(v, str):
        return float(v)
    raise TypeError(f"expected a number, got {type(v).__name__}")


def _str(v: Any, _: Any = None) -> str:
    if type(v) is str:
        return v
    if type(v) is int or type(v) is float:
        return str(v)
    raise TypeError(f"expected a string, got {type(v).__name__}")


def _bool(v: Any, _: Any = None) -> bool:
    if type(v) is bool:
        return v
    if type(v) is int and v in (0, 1):
        return bool(v)
    raise TypeError(f"expected a boolean, got {type(v).__name__}")


_date_fromiso = date.fromisoformat
_datetime_fromiso = datetime.fromisoformat
_UTC = timezone.utc


def _date(v: Any, _: Any = None) -> date:
    if type(v) is not str:
        raise TypeError(f"expected a date string, got {type(v).__name__}")
    # A date field sometimes arrives as a full timestamp; its calendar date is what is meant.
    return _date_fromiso(v if len(v) == 10 else v[:10])


if sys.version_info >= (3, 11):

    def _datetime(v: Any, _: Any = None) -> datetime:
        if type(v) is not str:
            raise TypeError(f"expected a timestamp string, got {type(v).__name__}")
        parsed = _datetime_fromiso(v)
        # The API also sends "YYYY-MM-DD HH:MM:SS" without a zone, which is UTC.
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)

else:  # pragma: no cover - Python 3.10's fromisoformat does not know "Z"

    def _datetime(v: Any, _: Any = None) -> datetime:
        if type(v) is not str:
            raise TypeError(f"expected a timestamp string, got {type(v).__name__}")
        parsed = _datetime_fromiso(v[:-1] + "+00:00" if v[-1:] == "Z" else v)
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=_UTC)


def _time(v: Any, _: Any = None) -> time:
    if type(v) is not str:
        raise TypeError(f"expected a time of day, got {type(v).__name__}")
    return time.fromisoformat(v)


@functools.cache
def _open_enum_hook(cls: type[Any]) -> Callable[[Any, Any], Any]:
    """Structure hook for any open enum: a dict lookup for known values, else its
    ``_missing_`` (a cached pseudo-member); the wrong JSON type is an error."""
    expected = str if issubclass(cls, OpenStrEnum) else int
    members = cls._value2member_map_

    def hook(v: Any, _: Any = None) -> Any:
        if type(v) is not expected:
            if expected is int:
                v = _int(v)
            else:
                raise TypeError(f"expected a string for {cls.__name__}, got {type(v).__name__}")
        return members.get(v) or cls(v)

    return hook


if sys.version_info >= (3, 11):
    # Inline: no Python call for a well-formed timestamp, aware or not.
    _DATETIME_EXPR = (
        "((_d if (_d := _datetime_fromiso({v})).tzinfo is not None else _d.replace(tzinfo=_UTC))"
        " if type({v}) is str else {fn}({v}))"
    )
else:  # pragma: no cover
    _DATETIME_EXPR = "{fn}({v})"

# type -> (conversion function, expression for the generated code that keeps the raw value
# ``{v}`` as it is when it already has the right type and calls ``{fn}`` otherwise).
_SCALARS: dict[Any, tuple[Callable[[Any, Any], Any], str]] = {
    int: (_int, "{v} if type({v}) is int else {fn}({v})"),
    float: (_float, "{v} if type({v}) is float else {fn}({v})"),
    str: (_str, "{v} if type({v}) is str else {fn}({v})"),
    bool: (_bool, "{v} if type({v}) is bool else {fn}({v})"),
    date: (_date, "_date_fromiso({v}) if type({v}) is str and len({v}) == 10 else {fn}({v})"),
    datetime: (_datetime, _DATETIME_EXPR),
    time: (_time, "{fn}({v})"),
}


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return args[0]
    return None


def _make_structure_fn(cls: type[Any]) -> Callable[[Any, Any], Any]:
    fields = attrs.fields(attrs.resolve_types(cls))
    names = [field.name for field in fields]
    ns: dict[str, Any] = {
        "_cls": cls,
        "_dict": dict,
        "_names": tuple(names),
        "_map": map,
        "_date_fromiso": _date_fromiso,
        "_datetime_fromiso": _datetime_fromiso,
        "_UTC": _UTC,
    }
    lines = [
        "def structure(o, _t=None):",
        "    if type(o) is not _dict:",
        f"        raise TypeError('expected an object for {cls.__name__}, got '"
        " + type(o).__name__)",
        # One pass of C calls reads every field; a missing key reads as None.
        f"    {''.join(f'v{n}, ' for n in range(len(fields)))}= _map(o.get, _names)",
    ]
    for n, field in enumerate(fields):
        convert = _convert_expr(field.type, n, ns)
        if field.default is attrs.NOTHING:
            ns[f"_missing_{n}"] = _missing(cls, field.name)
            lines.append(f"    a{n} = _missing_{n}() if v{n} is None else {convert}")
        else:
            ns[f"_default_{n}"] = field.default
            # A null from the server means "no value": the field's default, for fields whose
            # type does not admit None.
            lines.append(f"    a{n} = _default_{n} if v{n} is None else {convert}")
    args = ", ".join(f"a{n}" for n in range(len(fields)))
    lines.append(f"    return _cls({args})")
    source = "\n".join(lines) + "\n"
    filename = f"<webwork_async structure {cls.__module__}.{cls.__qualname__}>"
    # Registered with linecache so a traceback through generated code shows its source.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)
    structure_fn: Callable[[Any, Any], Any] = ns["structure"]
    return structure_fn


def _convert_expr(tp: Any, n: int, ns: dict[str, Any]) -> str:
    """Python expression turning raw value ``v{n}`` into ``tp``, adding what it needs to ns."""
    inner = _optional_inner(tp)
    base = tp if inner is None else inner
    v = f"v{n}"
    if base in _SCALARS:
        fn, expr = _SCALARS[base]
        ns[f"_fn_{n}"] = fn
        return expr.format(v=v, fn=f"_fn_{n}")
    if isinstance(base, type) and issubclass(base, (OpenIntEnum, OpenStrEnum)):
        # A dict lookup finds known values (and custom ones seen before) without
        # Enum.__call__; the exact type check keeps True from passing as 1.
        ns[f"_fn_{n}"] = _open_enum_hook(base)
        ns[f"_members_{n}"] = base._value2member_map_
        ns[f"_type_{n}"] = str if issubclass(base, OpenStrEnum) else int
        return f"((_members_{n}.get({v}) if type({v}) is _type_{n} else None) or _fn_{n}({v}))"
    if get_origin(base) in (Union, types.UnionType):
        members = tuple(a for a in get_args(base) if a is not type(None))
        if all(m in (int, str, float) for m in members):
            # A union of JSON scalars (ids are ints in some docs, strings in others): the
            # value as sent when it is one of them (an empty string is no value), else an
            # error.
            ns[f"_types_{n}"] = members
            ns[f"_bad_{n}"] = _wrong_scalar(members)
            return f"{v} if type({v}) in _types_{n} and {v} != '' else _bad_{n}({v})"
    if get_origin(base) is dict:
        ns[f"_fn_{n}"] = converter.get_structure_hook(base)
        ns[f"_tp_{n}"] = base
        ns[f"_bad_{n}"] = _expected_object
        # PHP encodes an empty associative array as [], so an empty object can arrive so.
        return (
            f"_fn_{n}({v}, _tp_{n}) if type({v}) is dict else {{}} if {v} == [] else _bad_{n}({v})"
        )
    if get_origin(base) is tuple and get_args(base)[1:] == (Ellipsis,):
        ns[f"_fn_{n}"] = converter.get_structure_hook(get_args(base)[0])
        ns[f"_tp_{n}"] = get_args(base)[0]
        ns[f"_bad_{n}"] = _expected_list
        return f"tuple([_fn_{n}(x, _tp_{n}) for x in {v}]) if type({v}) is list else _bad_{n}({v})"
    ns[f"_fn_{n}"] = converter.get_structure_hook(base)
    ns[f"_tp_{n}"] = base
    return f"_fn_{n}({v}, _tp_{n})"


def _missing(cls: type[Any], name: str) -> Callable[[], Any]:
    def missing() -> Any:
        raise KeyError(f"{cls.__name__}.{name} is required but missing or null")

    return missing


def _wrong_scalar(members: tuple[type, ...]) -> Callable[[Any], Any]:
    names = " or ".join(m.__name__ for m in members)

    def wrong(v: Any) -> Any:
        raise TypeError(f"expected {names}, got {type(v).__name__} {v!r}")

    return wrong


def _expected_object(v: Any) -> Any:
    raise TypeError(f"expected an object, got {type(v).__name__}")


def _expected_list(v: Any) -> Any:
    raise TypeError(f"expected a list, got {type(v).__name__}")


converter.register_structure_hook_factory(attrs.has, _make_structure_fn)
# By base class, like the unstructure hooks below: the hooks for str and int would otherwise
# win for these str and int subclasses inside lists and tuples.
converter.register_structure_hook(OpenStrEnum, lambda v, t: _open_enum_hook(t)(v, t))
converter.register_structure_hook(OpenIntEnum, lambda v, t: _open_enum_hook(t)(v, t))
for _type, (_hook, _) in _SCALARS.items():
    converter.register_structure_hook(_type, _hook)

converter.register_unstructure_hook(date, date.isoformat)
converter.register_unstructure_hook(datetime, datetime.isoformat)
converter.register_unstructure_hook(time, lambda t: t.strftime("%H:%M"))
# By base class: cattrs dispatches on the class (and its MRO) before any predicate, so a
# str-based enum would otherwise be passed through as itself.
converter.register_unstructure_hook(OpenIntEnum, int)
converter.register_unstructure_hook(OpenStrEnum, lambda member: member.value)

# Generate every model's hook now rather than on first use, so the first request of a
# latency-sensitive service does not pay for code generation.
for _name in models.__all__:
    if attrs.has(getattr(models, _name)):
        converter.get_structure_hook(getattr(models, _name))


def structure(data: Any, cls: type[T]) -> T:
    """Decode ``data`` (already parsed JSON) into ``cls``."""
    return converter.structure(data, cls)


def unstructure(value: Any) -> Any:
    """Encode a Python value (date, enum, model, ...) into JSON-ready data."""
    return converter.unstructure(value)
