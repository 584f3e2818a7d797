"""Parse `--set key=value` strings into a lab Config field's type.

    parse_value("0.1", float)             -> 0.1
    parse_value("yes", bool)              -> True
    parse_value("64,128", tuple[int, ...]) -> (64, 128)

Supported field types: int, float, bool, str, `X | None` (value "none"),
`Literal[...]`, and tuples or lists of those, written comma-separated (with or
without surrounding brackets). A value that does not parse raises
`OverrideError`, whose message names the value and the expected type.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal, Union

from ..report.render import cli_text as to_text

TRUE = ("true", "1", "yes", "on", "y", "t")
FALSE = ("false", "0", "no", "off", "n", "f")
NONE = ("none", "null")


__all__ = ["OverrideError", "field_types", "parse_value", "to_text", "type_name"]


class OverrideError(ValueError):
    """A `--set` value that cannot be read as its field's type."""


def field_types(config_cls: type) -> dict[str, Any]:
    """The resolved type of every field of the dataclass `config_cls`.

    String annotations (`from __future__ import annotations`) are resolved;
    where that fails, the field's declared annotation or its default's type is used.
    """
    try:
        hints = typing.get_type_hints(config_cls)
    except Exception:  # unresolvable forward reference: fall back field by field
        hints = {}
    out: dict[str, Any] = {}
    for f in dataclasses.fields(config_cls):
        tp = hints.get(f.name, f.type)
        if isinstance(tp, str):
            default = f.default if f.default is not dataclasses.MISSING else None
            tp = type(default) if default is not None else Any
        out[f.name] = tp
    return out


def type_name(tp: Any) -> str:
    """A readable name for a type: "int", "tuple[int, ...]", "float | None"."""
    if tp is Any:
        return "any"
    if isinstance(tp, type) and not typing.get_args(tp):
        return tp.__name__
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        return " | ".join("None" if a is type(None) else type_name(a) for a in args)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin in (tuple, list) and args:
        inner = ", ".join("..." if a is Ellipsis else type_name(a) for a in args)
        return f"{origin.__name__}[{inner}] (comma-separated)"
    return str(tp).replace("typing.", "")


def _fail(text: str, tp: Any) -> OverrideError:
    return OverrideError(f"{text!r} is not a valid {type_name(tp)}")


def _parse_int(text: str) -> int:
    s = text.strip()
    try:
        return int(s)
    except ValueError:
        as_float = float(s)  # "1e3" is an int; "1.5" is not
        if as_float.is_integer() and abs(as_float) < 2**53:
            return int(as_float)
        raise


def _parse_sequence(text: str, tp: Any, origin: Any, args: tuple[Any, ...]) -> Any:
    s = text.strip()
    if len(s) >= 2 and s[0] + s[-1] in ("()", "[]"):
        s = s[1:-1].strip()
    items = [part.strip() for part in s.split(",")] if s else []
    if items and items[-1] == "":  # a trailing comma: "3," is a 1-tuple
        items.pop()
    container = tuple if origin is tuple else list
    if origin is tuple and args and not (len(args) == 2 and args[1] is Ellipsis):
        if len(items) != len(args):
            raise OverrideError(f"{text!r} is not a valid {type_name(tp)}: "
                                f"expected {len(args)} items, got {len(items)}")
        return container(parse_value(i, a) for i, a in zip(items, args))
    item_type = args[0] if args else None
    if item_type is None:  # bare tuple / list: numbers where they parse
        return container(_guess(i) for i in items)
    return container(parse_value(i, item_type) for i in items)


def _guess(text: str) -> Any:
    for parse in (int, float):
        try:
            return parse(text)
        except ValueError:
            pass
    return text


def parse_value(text: str, tp: Any) -> Any:
    """`text` read as type `tp`; raises OverrideError naming the value and the type."""
    if tp is Any:
        return text
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (Union, types.UnionType):
        if type(None) in args and text.strip().lower() in NONE:
            return None
        for option in (a for a in args if a is not type(None)):
            try:
                return parse_value(text, option)
            except OverrideError:
                continue
        raise _fail(text, tp)
    if origin is Literal:
        for option in args:
            if str(option) == text.strip() or (
                    not isinstance(option, str) and _guess(text.strip()) == option):
                return option
        raise _fail(text, tp)
    if origin in (tuple, list) or tp in (tuple, list):
        return _parse_sequence(text, tp, origin or tp, args)
    if tp is bool:
        low = text.strip().lower()
        if low in TRUE:
            return True
        if low in FALSE:
            return False
        raise _fail(text, tp)
    if tp is int:
        try:
            return _parse_int(text)
        except (ValueError, OverflowError):
            raise _fail(text, tp) from None
    if tp is float:
        try:
            return float(text.strip())
        except ValueError:
            raise _fail(text, tp) from None
    if tp is str:
        return text
    raise OverrideError(f"fields of type {type_name(tp)} cannot be set from the command line")
