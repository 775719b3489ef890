"""Argument values converted without pydantic: the start-up of every command.

typer (>= 0.29) converts each parameter's value through a pydantic ``TypeAdapter``;
importing pydantic and building the adapters costs ~0.1–0.3 s, more than the rest of
a warm `jxc stock` at 10k entries.  jxc's parameters are plain — ``str``, ``bool``,
``int`` (with a lower bound), ``Literal`` choices of strings and lists of strings —
so :func:`plain_params` gives each such parameter a converter that takes the values
it is sure of as they are and hands everything else (a bad number, an unknown
choice, a path, any constraint it does not know) to typer's own converter.  A wrong
value therefore gets typer's message word for word, and a right one never loads
pydantic.  ``tests/test_speed_startup.py`` checks both.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Callable, Literal, get_args, get_origin

from typer._coercion import RuntimeParam, build_runtime_param

_UNSURE = object()          # "not mine": typer's own converter decides
_DIGITS = re.compile(r"-?[0-9]+")


def _str(value):
    return value if isinstance(value, str) else _UNSURE


def _bool(value):
    return value if isinstance(value, bool) else _UNSURE


def _int(low, high):
    def convert(value):
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            value = int(value)
        elif isinstance(value, bool) or not isinstance(value, int):
            return _UNSURE
        if (low is not None and value < low) or (high is not None and value > high):
            return _UNSURE    # typer says how the value is out of range
        return value
    return convert


def _choice(choices: frozenset):
    def convert(value):
        return value if isinstance(value, str) and value in choices else _UNSURE
    return convert


def leaf_converter(annotation, info) -> Callable[[Any], Any] | None:
    """The plain converter of one leaf annotation (``str``, ``bool``, ``int``, a
    ``Literal`` of strings), or None when only typer's own converter knows it (a
    custom parser, clamping, case-insensitive choices, paths, anything else)."""
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    if annotation is str:
        return _str
    if annotation is bool:
        return _bool
    if annotation is int and not info.clamp:
        return _int(info.min, info.max)
    if get_origin(annotation) is Literal and info.case_sensitive:
        values = get_args(annotation)
        if all(isinstance(v, str) for v in values):
            return _choice(frozenset(values))
    return None


@dataclasses.dataclass(frozen=True)
class PlainParam(RuntimeParam):
    """A parameter's conversion: ``leaf`` for each value it is sure of, else typer's."""

    leaf: Callable[[Any], Any] = _str
    many: bool = False

    def _coerce_value(self, value: Any, param, ctx) -> Any:
        if self.many:
            out = [self.leaf(v) for v in value] if isinstance(value, (list, tuple)) else [_UNSURE]
            if _UNSURE not in out:
                return out
        else:
            out = self.leaf(value)
            if out is not _UNSURE:
                return out
        return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def plain_param(descriptor) -> PlainParam | None:
    """The :class:`PlainParam` of a typer type descriptor, or None if typer must convert it."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if descriptor.file_annotation is not None:
        return None
    many = get_origin(annotation) is list
    if many:
        args = get_args(annotation)
        if len(args) != 1:
            return None
        annotation = args[0]
    leaf = leaf_converter(annotation, info)
    if leaf is None:
        return None
    return PlainParam(parameter_info=info, annotation=descriptor.annotation, leaf=leaf, many=many)


def plain_params(cmd) -> None:
    """Give every parameter of ``cmd`` that :func:`plain_param` knows its plain converter
    (the others keep typer's), its ``--help`` flag too (made afresh on each lookup)."""
    for p in getattr(cmd, "params", ()):
        _make_plain(p)
    on_help_option(cmd, "_jxc_plain", _make_plain)


def on_help_option(cmd, mark: str, fix) -> None:
    """Call ``fix(option)`` on the ``--help`` option each time ``cmd`` makes it (click makes
    a new one per lookup); ``mark`` names the change so it is made once per command."""
    if hasattr(cmd, "get_help_option") and not getattr(cmd, mark, False):
        setattr(cmd, mark, True)
        made = cmd.get_help_option

        def help_option(ctx):
            opt = made(ctx)
            if opt is not None:
                fix(opt)
            return opt
        cmd.get_help_option = help_option


def _make_plain(p) -> None:
    if getattr(p, "_runtime_param", _UNSURE) is None and hasattr(p, "type_descriptor"):
        plain = plain_param(p.type_descriptor)
        if plain is not None:
            p._runtime_param = plain
