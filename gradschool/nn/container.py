"""Containers: Sequential (a chain of modules) and ModuleList (a registered list).

    model = Sequential(Linear(2, 16), ReLU(), Linear(16, 1))
    y = model(x)            # = model[2](model[1](model[0](x)))

Children are named by position ('0', '1', ...), so the state of this model
is '0.weight', '0.bias', '2.weight', '2.bias', as in PyTorch.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from .module import Module, _addindent


def _index(container: Module, idx: int) -> int:
    """A position in 0..len-1 from a possibly negative index, or IndexError."""
    size = len(container._modules)
    if not isinstance(idx, int):
        raise TypeError(f"{type(container).__name__} indices must be integers or slices, "
                        f"not {type(idx).__name__}")
    if not -size <= idx < size:
        raise IndexError(f"index {idx} is out of range for {type(container).__name__} "
                         f"of length {size}")
    return idx % size


def _renumber(container: Module, modules: list[Module]) -> None:
    """Re-register `modules` under the names '0', '1', ... (after a deletion or insertion)."""
    for name in list(container._modules):
        delattr(container, name)
    for i, module in enumerate(modules):
        container.add_module(str(i), module)


class Sequential(Module):
    """Apply modules in order: y = fₙ(… f₂(f₁(x)))

    `Sequential(m1, m2, ...)` names the children '0', '1', ...;
    `Sequential(OrderedDict(name=module, ...))` uses the given names.
    """

    def __init__(self, *args: Any) -> None:
        super().__init__()
        if len(args) == 1 and isinstance(args[0], dict):
            for name, module in args[0].items():
                self.add_module(name, module)
        else:
            for i, module in enumerate(args):
                self.add_module(str(i), module)

    def forward(self, input: Any) -> Any:
        for module in self._modules.values():
            input = module(input)
        return input

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(OrderedDict(list(self._modules.items())[idx]))
        return list(self._modules.values())[_index(self, idx)]

    def __setitem__(self, idx: int, module: Module) -> None:
        setattr(self, list(self._modules)[_index(self, idx)], module)

    def __delitem__(self, idx: int | slice) -> None:
        names = list(self._modules)
        doomed = names[idx] if isinstance(idx, slice) else [names[_index(self, idx)]]
        for name in doomed:
            delattr(self, name)
        _renumber(self, list(self._modules.values()))

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def append(self, module: Module) -> Sequential:
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> Sequential:
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> Sequential:
        modules = list(self._modules.values())
        modules.insert(index, module)
        _renumber(self, modules)
        return self


class ModuleList(Module):
    """A list of modules whose parameters are registered (a plain list would hide them).

    It has no forward: the owner decides how its modules are called.
    """

    def __init__(self, modules: Iterable[Module] | None = None) -> None:
        super().__init__()
        if modules is not None:
            self.extend(modules)

    def __getitem__(self, idx: int | slice) -> Any:
        if isinstance(idx, slice):
            return type(self)(list(self._modules.values())[idx])
        return self._modules[str(_index(self, idx))]

    def __setitem__(self, idx: int, module: Module) -> None:
        setattr(self, str(_index(self, idx)), module)

    def __delitem__(self, idx: int | slice) -> None:
        modules = list(self._modules.values())
        if isinstance(idx, slice):
            del modules[idx]
        else:
            del modules[_index(self, idx)]
        _renumber(self, modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def append(self, module: Module) -> ModuleList:
        self.add_module(str(len(self)), module)
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        for module in modules:
            self.append(module)
        return self

    def insert(self, index: int, module: Module) -> None:
        modules = list(self._modules.values())
        modules.insert(index, module)
        _renumber(self, modules)

    def __repr__(self) -> str:
        """Runs of identical modules are shown once, as '(0-2): 3 x Linear(...)' (as PyTorch)."""
        reprs = [repr(module) for module in self]
        if not reprs:
            return self._get_name() + "()"
        blocks: list[list[Any]] = []  # [first index, last index, repr]
        for i, text in enumerate(reprs):
            if blocks and blocks[-1][2] == text:
                blocks[-1][1] = i
            else:
                blocks.append([i, i, text])
        lines = [_addindent(f"({a}): {text}" if a == b else f"({a}-{b}): {b - a + 1} x {text}", 2)
                 for a, b, text in blocks]
        return self._get_name() + "(\n  " + "\n  ".join(lines) + "\n)"
