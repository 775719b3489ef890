"""A strict, safe YAML reader that keeps line numbers and the text as written.

It builds plain values from libyaml's *events* rather than letting PyYAML
construct objects, because the SPEC wants three things the stock loaders do not
give together:

* no tag can construct anything, and anchors, aliases, merge keys and explicit
  tags are rejected outright (SPEC 6);
* every scalar keeps its text as written (``52.00`` is not the float 52.0) and
  whether it was quoted, so numbers stay exact (SPEC 3);
* every mapping and scalar knows its line, so errors say ``PATH:LINE``.
"""

from __future__ import annotations

import functools

from jxc.errors import LedgerError


@functools.lru_cache(maxsize=None)
def _pyyaml():
    """PyYAML and its loader, imported on the first text parsed: a report answered from
    the cache reads no YAML, and importing PyYAML costs ~50–90 ms of every start-up."""
    import yaml
    try:  # the C parser when PyYAML was built with libyaml, as the brief asks
        from yaml import CSafeLoader as loader
    except ImportError:  # pragma: no cover - pure-Python fallback
        from yaml import SafeLoader as loader
    return yaml, loader


class Scalar(str):
    """A scalar's text as written, with its line and whether it was quoted."""

    line: int
    quoted: bool

    def __new__(cls, value: str, line: int, quoted: bool):
        s = super().__new__(cls, value)
        s.line = line
        s.quoted = quoted
        return s

    @property
    def is_null(self) -> bool:
        return not self.quoted and self in ("", "~", "null", "Null", "NULL")


class Mapping(dict):
    """A mapping in file order; ``line`` is where it starts, ``key_lines`` where each key is."""

    line: int
    key_lines: dict

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines = {}


class Sequence(list):
    line: int

    def __init__(self, line: int):
        super().__init__()
        self.line = line


class Document:
    """One YAML document of a stream: its value and the lines it spans (1-based)."""

    __slots__ = ("value", "start_line", "end_line")

    def __init__(self, value, start_line: int, end_line: int):
        self.value = value
        self.start_line = start_line
        self.end_line = end_line


# Only untagged nodes: even the non-specific tag '!' ("! 5" is the text "5") is refused,
# since a number that is silently text is a number a reviewer misreads.
_PLAIN_TAGS = (None,)


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 bytes as text (universal newlines, as ``open()`` reads them); LedgerError at
    the line and column of the first byte that is not UTF-8 (a file saved as GBK).

    One rule for every file jxc reads: journal, settings, catalog and ``jxc add``'s input."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise LedgerError(f"not UTF-8 text: byte 0x{data[e.start]:02x} at column {column}"
                          " (save the file as UTF-8)", path, line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_documents(text: str, path: str) -> list[Document]:
    """Every document of a YAML stream, built strictly; raises LedgerError at the first problem."""
    yaml, loader = _pyyaml()
    try:
        return _build(yaml.parse(text, Loader=loader), path)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        what = e.problem or e.context or "invalid YAML"
        raise LedgerError(f"invalid YAML: {what}", path, line) from None
    except yaml.YAMLError as e:  # pragma: no cover - libyaml reports marks
        raise LedgerError(f"invalid YAML: {e}", path) from None


def _build(events, path: str) -> list[Document]:
    yaml = _pyyaml()[0]
    docs: list[Document] = []
    stack: list = []          # open containers
    keys: list = []           # for mappings: the pending key, or _NO_KEY
    doc_start = 0
    root = None
    for ev in events:
        cls = type(ev)
        line = ev.start_mark.line + 1
        if cls is yaml.DocumentStartEvent:
            doc_start = line
            root = None
            continue
        if cls is yaml.DocumentEndEvent:
            docs.append(Document(root, doc_start, ev.end_mark.line + 1))
            continue
        if cls in (yaml.StreamStartEvent, yaml.StreamEndEvent):
            continue
        if cls is yaml.AliasEvent:
            raise LedgerError(f"YAML alias '*{ev.anchor}' is not allowed in a ledger", path, line)
        if getattr(ev, "anchor", None):
            raise LedgerError(f"YAML anchor '&{ev.anchor}' is not allowed in a ledger", path, line)
        tag = getattr(ev, "tag", None)
        if tag not in _PLAIN_TAGS:
            raise LedgerError(f"YAML tag '{tag}' is not allowed in a ledger", path, line)
        if cls is yaml.ScalarEvent:
            value = Scalar(ev.value, line, ev.style not in (None, ""))
        elif cls is yaml.MappingStartEvent:
            value = Mapping(line)
        elif cls is yaml.SequenceStartEvent:
            value = Sequence(line)
        elif cls in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            value = stack.pop()
            keys.pop()
            if stack:
                _attach(stack, keys, value, path, value.line)
            else:
                root = value
            continue
        else:  # pragma: no cover - no other event kinds exist
            continue
        if cls is yaml.ScalarEvent:
            if stack:
                _attach(stack, keys, value, path, line)
            else:
                root = value
        else:
            stack.append(value)
            keys.append(_NO_KEY)
    return docs


_NO_KEY = object()


def _attach(stack, keys, value, path, line):
    parent = stack[-1]
    if type(parent) is Sequence:
        parent.append(value)
        return
    key = keys[-1]
    if key is _NO_KEY:
        if type(value) is not Scalar:
            raise LedgerError("a mapping key must be a plain name", path, line)
        if value == "<<" and not value.quoted:
            raise LedgerError("YAML merge keys ('<<') are not allowed in a ledger", path, line)
        if value in parent:
            raise LedgerError(f"duplicate key '{value}'", path, line)
        keys[-1] = value
        return
    parent[key] = value
    parent.key_lines[key] = key.line
    keys[-1] = _NO_KEY


def read_mapping_file(text: str, path: str) -> Mapping:
    """A settings or catalog file: one document holding a mapping (empty file: empty mapping)."""
    docs = read_documents(text, path)
    if not docs or docs[0].value is None or (type(docs[0].value) is Scalar and docs[0].value.is_null):
        return Mapping(1)
    if len(docs) > 1:
        raise LedgerError("expected a single YAML document", path, docs[1].start_line)
    if type(docs[0].value) is not Mapping:
        raise LedgerError("expected a mapping of keys to values", path, docs[0].start_line)
    return docs[0].value
