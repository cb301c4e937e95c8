"""Read a curation YAML file as text values that remember their line.

Every scalar is kept as the text the curator typed (no YAML 1.1 type guessing: ``no`` stays
"no", ``8`` stays "8", ``2018-06`` stays "2018-06"); mappings and lists keep the line they
start on, so each problem found later can be reported as ``file:line: reason``.

>>> doc = parse_text("a: 1\\nb:\\n  - {c: no}\\n", "x.yaml")
>>> doc["a"], doc["a"].line, doc["b"][0]["c"], doc["b"][0].line
('1', 1, 'no', 3)
"""

from __future__ import annotations

from pathlib import Path

import yaml

from cyberkg.errors import BuildError


class Text(str):
    """A scalar value with the line it was written on."""

    line: int


class Mapping(dict):
    """A YAML mapping with its starting line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class Sequence(list):
    """A YAML list with its starting line."""

    line: int


Value = Text | Mapping | Sequence
_MISSING = {"", "~", "null"}


def parse_file(path: Path, name: str) -> Value | None:
    """Parse ``path`` (called ``name`` in messages); a YAML syntax error is a BuildError."""
    return parse_text(path.read_text(encoding="utf-8"), name)


def parse_text(text: str, name: str) -> Value | None:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        raise BuildError(f"YAML syntax error in {name}",
                         [f"{name}:{line}: {error.problem or error.context}"]) from None
    return None if node is None else _convert(node, name)


def _convert(node: yaml.Node, name: str) -> Value | None:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        if node.value.strip() in _MISSING and node.style is None:
            return None
        text = Text(node.value.strip())
        text.line = line
        return text
    if isinstance(node, yaml.SequenceNode):
        items = Sequence(_convert(item, name) for item in node.value)
        items.line = line
        return items
    if isinstance(node, yaml.MappingNode):
        mapping = Mapping()
        mapping.line, mapping.key_lines = line, {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in mapping.key_lines:
                raise BuildError(f"duplicate key in {name}",
                                 [f"{name}:{key_line}: key '{key}' is already given on line "
                                  f"{mapping.key_lines[key]}"])
            mapping.key_lines[key] = key_line
            mapping[key] = _convert(value_node, name)
        return mapping
    raise BuildError(f"unsupported YAML in {name}", [f"{name}:{line}: aliases are not supported"])
