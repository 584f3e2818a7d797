"""Curriculum order: labs in the order of `LAB_MODULES`, parts in DESIGN.md's order.

A lab's place is the position of its module in `gradschool.labs.LAB_MODULES`.
The module is found from the registered lab's `run` function (its
`__module__`), or else from the id by the naming convention
`dot-product` -> `gradschool/labs/dot_product.py`. Labs found neither way
(a test's demo lab, a lab outside the package) come last, by id.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..labs import LAB_MODULES, REGISTRY

PARTS: tuple[str, ...] = ("maths", "networks", "optimization", "generalization")
"""The parts of the curriculum, in teaching order (DESIGN.md)."""

_LAST = 10**6


def _module_name(lab: Any) -> str:
    module = getattr(getattr(lab, "run", None), "__module__", "") or ""
    prefix = "gradschool.labs."
    return module[len(prefix):] if module.startswith(prefix) else ""


def lab_rank(lab_id: str) -> int:
    """The position of `lab_id` in the curriculum (a large number when unknown)."""
    names = list(LAB_MODULES)
    lab = REGISTRY.get(lab_id)
    candidates = [_module_name(lab)] if lab is not None else []
    candidates.append(lab_id.replace("-", "_"))
    for name in candidates:
        if name in names:
            return names.index(name)
    return _LAST


def sort_ids(ids: Iterable[str]) -> list[str]:
    """`ids` in curriculum order; unknown ids last, alphabetically."""
    return sorted(ids, key=lambda i: (lab_rank(i), i))


def part_rank(part: str, seen: list[str]) -> int:
    """The position of `part` in PARTS; unknown parts after, in order of first sight."""
    if part in PARTS:
        return PARTS.index(part)
    if part not in seen:
        seen.append(part)
    return len(PARTS) + seen.index(part)


def group_by_part(records: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Group run records (dicts with "lab" and "part") by part, both in curriculum order."""
    ordered = sorted(records, key=lambda r: (lab_rank(str(r.get("lab", ""))),
                                             str(r.get("lab", ""))))
    seen: list[str] = []
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in ordered:
        groups.setdefault(str(record.get("part") or "other"), []).append(record)
    keys = sorted(groups, key=lambda p: part_rank(p, seen))
    return [(part, groups[part]) for part in keys]
