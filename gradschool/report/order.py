"""Curriculum order for the report: the order of the labs and of the parts, handed in.

The report knows nothing of the labs. Whoever builds it (the runner, which
does know them) passes a `Curriculum`: the lab ids in teaching order and the
parts in teaching order. Labs it does not list (a test's demo lab, a lab
outside the package) come last, by id; parts it does not list come after the
known ones, in order of first sight. With no curriculum at all, labs are
sorted by id and parts appear as first seen.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

_LAST = 10**6


@dataclass(frozen=True)
class Curriculum:
    """labs: lab ids in teaching order; parts: part names in teaching order."""

    labs: Sequence[str] = ()
    parts: Sequence[str] = ()

    def lab_rank(self, lab_id: str) -> int:
        """The position of `lab_id` in the curriculum (a large number when unknown)."""
        return list(self.labs).index(lab_id) if lab_id in self.labs else _LAST

    def sort_ids(self, ids: Iterable[str]) -> list[str]:
        """`ids` in curriculum order; unknown ids last, alphabetically."""
        return sorted(ids, key=lambda i: (self.lab_rank(i), i))

    def group_by_part(self, records: list[dict[str, Any]]
                      ) -> list[tuple[str, list[dict[str, Any]]]]:
        """Group run records (dicts with "lab" and "part") by part, both in curriculum order."""
        ordered = sorted(records, key=lambda r: (self.lab_rank(str(r.get("lab", ""))),
                                                 str(r.get("lab", ""))))
        groups: dict[str, list[dict[str, Any]]] = {}
        for record in ordered:
            groups.setdefault(str(record.get("part") or "other"), []).append(record)
        known = list(self.parts)
        seen = [p for p in groups if p not in known]
        return [(part, groups[part])
                for part in sorted(groups, key=lambda p: known.index(p) if p in known
                                   else len(known) + seen.index(p))]
