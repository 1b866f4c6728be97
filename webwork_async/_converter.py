"""The one converter: JSON data into the SDK's attrs models, and Python values back to JSON.

Decoding is the hot path of every list call (a page is 100 models), so the structure hooks
for attrs models (and lists of them) are generated here as straight-line Python, one function
per class: the fields are read in one pass of dict lookups, each is kept as-is when it already
has the right JSON type, and only falls back to a conversion function when it does not
(numeric strings, timestamps without a zone, custom status codes); the instance is then filled
slot by slot. That avoids a Python call per field, which is where cattrs' generic generated
code spends its time; ``benchmarks/bench_decode.py`` keeps the comparison with pydantic
honest.

Nothing is built at import, so ``import webwork_async`` stays cheap: a hook is generated the
first time its type is decoded and kept in this module's own table (``_hooks``), never built
again. cattrs' dispatch cache could not promise that, as cattrs empties it whenever any hook is
registered. cattrs itself (encoding, and decoding types the generator does not know) is
imported and configured the first time it is needed, with every hook registered at once."""

from __future__ import annotations

import functools
import linecache
import operator
import sys
import threading
import types
from collections.abc import Callable
from datetime import date, datetime, time, timezone
from typing import TYPE_CHECKING, Any, TypeVar, Union, get_args, get_origin

import attrs

from .models._enums import OpenIntEnum, OpenStrEnum

if TYPE_CHECKING:
    import cattrs

    # Made on first use by __getattr__ below, with every hook registered.
    converter: cattrs.Converter

__all__ = ["DECODE_ERRORS", "converter", "structure", "unstructure"]

T = TypeVar("T")

# What a structure hook may raise on malformed input; the client turns these into
# ResponseDecodeError so callers never see a bare KeyError. (cattrs' own validation errors
# only come with its detailed validation, which this converter turns off.)
DECODE_ERRORS: tuple[type[Exception], ...] = (
    KeyError,
    TypeError,
    ValueError,
    AttributeError,
    IndexError,
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


def _as_utc(text: str, naive: datetime) -> datetime:
    """The API also sends "YYYY-MM-DD HH:MM:SS" without a zone, which is UTC."""
    if len(text) == 19:
        # Parsing the text again with an explicit offset costs a tenth of datetime.replace,
        # whose keyword parsing is the slowest step of decoding such a timestamp.
        try:
            return _datetime_fromiso(text + "+00:00")
        except ValueError:
            pass
    return naive.replace(tzinfo=_UTC)


if sys.version_info >= (3, 11):

    def _datetime(v: Any, _: Any = None) -> datetime:
        if type(v) is not str:
            raise TypeError(f"expected a timestamp string, got {type(v).__name__}")
        parsed = _datetime_fromiso(v)
        return parsed if parsed.tzinfo is not None else _as_utc(v, parsed)

else:  # pragma: no cover - Python 3.10's fromisoformat does not know "Z"

    def _datetime(v: Any, _: Any = None) -> datetime:
        if type(v) is not str:
            raise TypeError(f"expected a timestamp string, got {type(v).__name__}")
        parsed = _datetime_fromiso(v[:-1] + "+00:00" if v[-1:] == "Z" else v)
        return parsed if parsed.tzinfo is not None else _as_utc(v, parsed)


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
    _DATETIME_FAST = (
        "(_d if (_d := _datetime_fromiso({v})).tzinfo is not None else _as_utc({v}, _d))"
    )
else:  # pragma: no cover
    _DATETIME_FAST = "_datetime({v})"

# type -> (conversion function, the JSON type a well-formed value has, expression for the
# generated code that turns such a value ``{v}`` into the field's value). A value of any other
# type goes through the conversion function, which accepts what it can (numeric strings,
# timestamps without "T") and raises otherwise.
_SCALARS: dict[Any, tuple[Callable[[Any, Any], Any], type, str]] = {
    int: (_int, int, "{v}"),
    float: (_float, float, "{v}"),
    str: (_str, str, "{v}"),
    bool: (_bool, bool, "{v}"),
    date: (_date, str, "(_date_fromiso({v}) if len({v}) == 10 else _date({v}))"),
    datetime: (_datetime, str, _DATETIME_FAST),
    time: (_time, str, "_time({v})"),
}

# What a hook in the table takes: the raw value and, optionally, the target type (cattrs
# passes it; the SDK does not).
_Hook = Callable[..., Any]

# Every hook this module generated, by target type: built on first use, under the lock, and
# looked up here ever after. cattrs' own dispatch cache cannot be relied on for that: it is
# cleared whenever a hook is registered, which cattrs itself does for each dict type it meets.
_hooks: dict[Any, _Hook] = {}
# For each attrs class in _hooks, the function its source also defines for a list of them.
_many_hooks: dict[Any, Callable[[list[Any]], list[Any]]] = {}
_build_lock = threading.RLock()


def _hook_for(tp: Any) -> _Hook:
    """The structure hook for ``tp``, generated the first time it is asked for."""
    hook = _hooks.get(tp)
    if hook is None:
        # Re-entrant: building a model builds the hooks of the models it contains.
        with _build_lock:
            hook = _hooks.get(tp)
            if hook is None:
                hook = _hooks[tp] = _build(tp)
    return hook


def _build(tp: Any) -> _Hook:
    if attrs.has(tp):
        return _make_structure_fn(tp)
    if tp in _SCALARS:
        return _SCALARS[tp][0]
    if _is_open_enum(tp):
        return _open_enum_hook(tp)
    if tp is Any:
        return _as_sent
    origin, args = get_origin(tp), get_args(tp)
    if origin is list and len(args) == 1:
        return _make_sequence_fn(list, args[0])
    if origin is tuple and args[1:] == (Ellipsis,):
        return _make_sequence_fn(tuple, args[0])
    if origin is dict and len(args) == 2:
        return _make_dict_fn(args[0], args[1])
    # Anything else is cattrs' to decode; like ours, its hook can then be called without the
    # type.
    cattrs_hook = _cattrs_converter().get_structure_hook(tp)

    def hook(value: Any, _: Any = None) -> Any:
        return cattrs_hook(value, tp)

    return hook


def _as_sent(value: Any, _: Any = None) -> Any:
    return value


def _generated(tp: Any) -> bool:
    """Whether ``tp`` is decoded by code generated here (cattrs then hands it to us)."""
    if attrs.has(tp):
        return True
    args = get_args(tp)
    return get_origin(tp) is list and len(args) == 1 and _generated(args[0])


def _compile(name: str, source: str, ns: dict[str, Any]) -> _Hook:
    """Compile a generated ``structure`` function; every hook this module makes passes here."""
    filename = f"<webwork_async structure {name}>"
    # Registered with linecache so a traceback through generated code shows its source.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), ns)
    hook: _Hook = ns["structure"]
    return hook


def _optional_inner(tp: Any) -> Any | None:
    """``X`` for ``X | None``, else None."""
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(get_args(tp)) == 2:
            return args[0]
    return None


def _plain_init(cls: type[Any], fields: tuple[attrs.Attribute[Any], ...]) -> bool:
    """Whether an instance can be made by setting its slots directly, skipping ``__init__``.

    True when ``__init__`` is the one attrs wrote and only stores its arguments: no validator,
    converter, factory or post-init hook, and no slot beyond the fields (such as a cached
    hash). Setting 20 slots through their descriptors costs less than the call into
    ``__init__`` that would do the same.
    """
    slots = {name for klass in cls.__mro__ for name in getattr(klass, "__slots__", ())}
    init = getattr(cls.__init__, "__code__", None)
    return (
        init is not None
        and init.co_filename.startswith("<attrs generated")
        and slots - {"__weakref__"} == {field.name for field in fields}
        and not hasattr(cls, "__attrs_pre_init__")
        and not hasattr(cls, "__attrs_post_init__")
        and all(_stored_as_given(field) for field in fields)
    )


# attrs.Factory is typed as a function; this is the class its calls return.
_FACTORY: type[Any] = type(attrs.Factory(list[Any]))


def _stored_as_given(field: Any) -> bool:
    return bool(
        field.init
        and field.validator is None
        and field.converter is None
        and not isinstance(field.default, _FACTORY)
    )


def _make_structure_fn(cls: type[Any]) -> _Hook:
    fields = attrs.fields(attrs.resolve_types(cls))
    ns: dict[str, Any] = {
        "_cls": cls,
        "_dict": dict,
        "_map": map,
        "_new": object.__new__,
        "_date_fromiso": _date_fromiso,
        "_datetime_fromiso": _datetime_fromiso,
        "_date": _date,
        "_datetime": _datetime,
        "_time": _time,
        "_as_utc": _as_utc,
    }
    body = [
        "    if type(o) is not _dict:",
        f"        raise TypeError('expected an object for {cls.__name__}, got '"
        " + type(o).__name__)",
    ]
    if fields:
        names = "".join(f"v{n}, " for n in range(len(fields)))
        ns["_all_keys"] = operator.itemgetter(*(field.name for field in fields))
        ns["_fast"] = True
        # itemgetter returns the value itself, not a 1-tuple, for a single key.
        read_all = "_all_keys(o)" if len(fields) > 1 else "(_all_keys(o),)"
        body += [
            # One C call reads every field when the object has them all, as an endpoint that
            # sends a field usually does every time; once an object of this class lacks one,
            # fields are read one get at a time (a missing key reads as None) from then on.
            "    if _fast:",
            "        try:",
            f"            {names}= {read_all}",
            "        except KeyError:",
            "            _fast = False",
            "    if not _fast:",
            "        _get = o.get",
            *(f"        v{n} = _get({field.name!r})" for n, field in enumerate(fields)),
        ]
    values: list[str] = []
    for n, field in enumerate(fields):
        if field.default is attrs.NOTHING:
            ns[f"_absent_{n}"] = _missing(cls, field.name)
            absent = f"_absent_{n}()"
        else:
            # A null from the server means "no value": the field's default, for fields whose
            # type does not admit None.
            ns[f"_default_{n}"] = field.default
            absent = f"_default_{n}"
        values.append(_convert_expr(field.type, n, absent, ns))
    if _plain_init(cls, fields):
        for n, field in enumerate(fields):
            ns[f"_set_{n}"] = getattr(cls, field.name).__set__
        body.append("    self = _new(_cls)")
        body.extend(f"    _set_{n}(self, {value})" for n, value in enumerate(values))
        result = "self"
    else:
        body.extend(f"    a{n} = {value}" for n, value in enumerate(values))
        result = f"_cls({', '.join(f'a{n}' for n in range(len(fields)))})"
    lines = [
        "def structure(o, _t=None):",
        "    global _fast",
        *body,
        f"    return {result}",
        "",
        # The same for each object of a list, without a call per object.
        "def structure_many(items):",
        "    global _fast",
        "    out = []",
        "    append = out.append",
        "    for o in items:",
        *(f"    {line}" for line in body),
        f"        append({result})",
        "    return out",
    ]
    hook = _compile(f"{cls.__module__}.{cls.__qualname__}", "\n".join(lines) + "\n", ns)
    _many_hooks[cls] = ns["structure_many"]
    return hook


def _many_for(cls: type[Any]) -> Callable[[list[Any]], list[Any]]:
    """The function decoding a list of ``cls`` objects (an attrs class), built with its hook."""
    _hook_for(cls)
    return _many_hooks[cls]


def _convert_expr(tp: Any, n: int, absent: str, ns: dict[str, Any]) -> str:
    """Python expression turning raw value ``v{n}`` into ``tp``, adding what it needs to ns.

    The well-formed case is tested first and costs one type check; ``absent`` is the
    expression for a missing or null value (the default, or an error).
    """
    inner = _optional_inner(tp)
    base: Any = tp if inner is None else inner
    v = f"v{n}"
    otherwise = f"{absent} if {v} is None else _fn_{n}({v})"
    if base is Any:
        return f"{absent} if {v} is None else {v}"
    if base in _SCALARS:
        fn, json_type, expr = _SCALARS[base]
        ns[f"_fn_{n}"] = fn
        ns[f"_type_{n}"] = json_type
        return f"{expr.format(v=v)} if type({v}) is _type_{n} else {otherwise}"
    if _is_open_enum(base):
        # A dict lookup finds known values (and custom ones seen before) without
        # Enum.__call__; the exact type check keeps True from passing as 1.
        ns[f"_fn_{n}"] = _open_enum_hook(base)
        ns[f"_members_{n}"] = base._value2member_map_
        ns[f"_type_{n}"] = str if issubclass(base, OpenStrEnum) else int
        return (
            f"(_m if (_m := _members_{n}.get({v})) is not None else _fn_{n}({v}))"
            f" if type({v}) is _type_{n} else {otherwise}"
        )
    origin, args = get_origin(base), get_args(base)
    if origin in (Union, types.UnionType):
        members = tuple(a for a in args if a is not type(None))
        if all(m in (int, str, float) for m in members):
            # A union of JSON scalars (ids are ints in some docs, strings in others): the
            # value as sent when it is one of them (an empty string is no value), else an
            # error.
            ns[f"_types_{n}"] = members
            ns[f"_fn_{n}"] = _wrong_scalar(members)
            return f"{v} if type({v}) in _types_{n} and {v} != '' else {otherwise}"
    if origin is dict and len(args) == 2:
        ns[f"_hook_{n}"] = _hook_for(base)
        ns[f"_fn_{n}"] = _expected_object
        # PHP encodes an empty associative array as [], so an empty object can arrive so.
        return f"_hook_{n}({v}) if type({v}) is _dict else {{}} if {v} == [] else {otherwise}"
    if origin is tuple and args[1:] == (Ellipsis,):
        ns[f"_fn_{n}"] = _expected_list
        ns[f"_list_{n}"] = list
        if attrs.has(args[0]):
            ns[f"_many_{n}"] = _many_for(args[0])
            return f"tuple(_many_{n}({v})) if type({v}) is _list_{n} else {otherwise}"
        ns[f"_hook_{n}"] = _hook_for(args[0])
        return f"tuple(_map(_hook_{n}, {v})) if type({v}) is _list_{n} else {otherwise}"
    # A nested model (which checks its own input), or anything else.
    ns[f"_fn_{n}"] = _hook_for(base)
    return otherwise


def _is_open_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, (OpenIntEnum, OpenStrEnum))


def _make_sequence_fn(kind: type[list[Any]] | type[tuple[Any, ...]], item: Any) -> _Hook:
    """The hook for ``list[item]`` or ``tuple[item, ...]``, from a JSON array."""
    ns: dict[str, Any] = {"_kind": kind, "_list": list, "_map": map}
    if attrs.has(item):
        ns["_many"] = _many_for(item)
        items = "_many(o)" if kind is list else "_kind(_many(o))"
    else:
        ns["_item"] = _hook_for(item)
        items = "_kind(_map(_item, o))"
    source = (
        "def structure(o, _t=None):\n"
        "    if type(o) is not _list:\n"
        # An empty object reads as an empty array, as it always has (cattrs iterates it).
        "        if o == {}:\n"
        "            return _kind()\n"
        "        raise TypeError('expected a list, got ' + type(o).__name__)\n"
        f"    return {items}\n"
    )
    return _compile(f"{kind.__name__}[{_type_name(item)}]", source, ns)


def _make_dict_fn(key: Any, value: Any) -> _Hook:
    ns: dict[str, Any] = {"_key": _hook_for(key), "_value": _hook_for(value), "_dict": dict}
    source = (
        "def structure(o, _t=None):\n"
        "    if not isinstance(o, _dict):\n"
        "        raise TypeError('expected an object, got ' + type(o).__name__)\n"
        "    return {_key(k): _value(v) for k, v in o.items()}\n"
    )
    return _compile(f"dict[{_type_name(key)}, {_type_name(value)}]", source, ns)


def _type_name(tp: Any) -> str:
    return f"{tp.__module__}.{tp.__qualname__}" if isinstance(tp, type) else repr(tp)


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


_cattrs: cattrs.Converter | None = None


def _cattrs_converter() -> cattrs.Converter:
    """The cattrs converter, made (and cattrs imported) the first time it is needed.

    Decoding the SDK's own types does not need it (its hooks are generated above); encoding
    does, and so does decoding any other type. Every hook is registered here, before the
    converter is handed out, so none is registered after a hook has been built.
    """
    global _cattrs
    if _cattrs is None:
        with _build_lock:
            if _cattrs is None:
                _cattrs = _make_converter()
    return _cattrs


def _make_converter() -> cattrs.Converter:
    import cattrs

    made = cattrs.Converter(detailed_validation=False, forbid_extra_keys=False)
    # Our generated hooks, from the table (_hook_for), for the types we generate hooks for.
    made.register_structure_hook_factory(_generated, _hook_for)
    # By base class, like the unstructure hooks below: the hooks for str and int would
    # otherwise win for these str and int subclasses inside lists and tuples.
    made.register_structure_hook(OpenStrEnum, lambda v, t: _open_enum_hook(t)(v, t))
    made.register_structure_hook(OpenIntEnum, lambda v, t: _open_enum_hook(t)(v, t))
    for scalar, (hook, _json_type, _expr) in _SCALARS.items():
        made.register_structure_hook(scalar, hook)

    made.register_unstructure_hook(date, date.isoformat)
    made.register_unstructure_hook(datetime, datetime.isoformat)
    made.register_unstructure_hook(time, lambda t: t.strftime("%H:%M"))
    # By base class: cattrs dispatches on the class (and its MRO) before any predicate, so a
    # str-based enum would otherwise be passed through as itself.
    made.register_unstructure_hook(OpenIntEnum, int)
    made.register_unstructure_hook(OpenStrEnum, lambda member: member.value)
    return made


def __getattr__(name: str) -> Any:
    if name == "converter":
        return _cattrs_converter()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def structure(data: Any, cls: type[T]) -> T:
    """Decode ``data`` (already parsed JSON) into ``cls``."""
    hook = _hooks.get(cls)
    if hook is None:
        hook = _hook_for(cls)
    result: T = hook(data, cls)
    return result


def unstructure(value: Any) -> Any:
    """Encode a Python value (date, enum, model, ...) into JSON-ready data."""
    return _cattrs_converter().unstructure(value)
