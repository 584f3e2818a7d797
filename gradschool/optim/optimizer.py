"""Optimizer: the base class of every update rule, as `torch.optim.Optimizer`.

An optimizer holds the parameters θ it updates, split into *parameter
groups* (dicts with a `"params"` list and the hyper-parameters of that
group: `lr`, `weight_decay`, ...), and a per-parameter `state` dict (momentum
buffers, moment estimates, step counts) kept as NumPy arrays. Each call of
`step()` reads every `p.grad` and changes `p.data` in place:

    θ_t = θ_{t-1} - γ · u_t        (u_t: the rule's update direction)

Nothing is recorded for autograd: the update works on the arrays directly,
as PyTorch's optimizers run under `no_grad()`.
"""
from __future__ import annotations

import copy
import numbers
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from ..autograd.mode import enable_grad
from ..autograd.tensor import Tensor


class _Required:
    """Sentinel for a hyper-parameter that has no default (torch's `required`)."""

    def __repr__(self) -> str:
        return "<required parameter>"


required: Any = _Required()


class Optimizer:
    """Base class: parameter groups, per-parameter state, zero_grad, state_dict.

    `params` is an iterable of Tensors (one group) or of dicts, each a group
    `{"params": [...], "lr": 0.1, ...}`; keys a group leaves out take the
    optimizer's `defaults`. Subclasses implement `step()` and `_validate()`.
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        name = type(self).__name__
        if isinstance(params, Tensor):
            raise TypeError(f"{name}: params should be an iterable of Tensors or dicts, "
                            f"got a single Tensor of shape {params.shape}; wrap it in a list")
        if isinstance(params, (set, frozenset)):
            raise TypeError(f"{name}: params is a set, whose order changes between runs; "
                            "pass a list")
        self.defaults = dict(defaults)
        self._validate(self.defaults)
        self.state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        groups = list(params)
        if len(groups) == 0:
            raise ValueError(f"{name}: got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            lines += [f"    {k}: {v}" for k, v in sorted(group.items()) if k != "params"]
        return "\n".join(lines + [")"])

    # ----- hyper-parameters ----------------------------------------------------
    def _validate(self, group: dict[str, Any]) -> None:
        """Raise ValueError for an out-of-range hyper-parameter of `group`."""

    def _check_nonnegative(self, group: dict[str, Any], *keys: str) -> None:
        for key in keys:
            value = group[key]
            if value is required:
                continue
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise TypeError(f"{type(self).__name__}: {key} must be a number, "
                                f"got {value!r}")
            if not value >= 0.0:
                raise ValueError(f"{type(self).__name__}: invalid {key} value {key}={value!r}, "
                                 "must be >= 0")

    def _check_betas(self, group: dict[str, Any]) -> None:
        betas = group["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"{type(self).__name__}: betas must be a pair (beta1, beta2), "
                             f"got {betas!r}")
        for i, beta in enumerate(betas):
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"{type(self).__name__}: invalid beta parameter at index {i}: "
                                 f"betas[{i}]={beta!r}, must be in [0, 1)")

    # ----- parameter groups ----------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Append a group `{"params": [...], **hyper-parameters}`; defaults fill the rest.

        Every parameter must be a leaf Tensor with `requires_grad=True` and
        may appear only once across all groups.
        """
        name = type(self).__name__
        if not isinstance(param_group, dict):
            raise TypeError(f"{name}: a param group must be a dict, "
                            f"got {type(param_group).__name__}")
        if "params" not in param_group:
            raise ValueError(f"{name}: param group has no 'params' key "
                             f"(keys: {sorted(param_group)})")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise TypeError(f"{name}: params is a set, whose order changes between runs; "
                            "pass a list")
        params = list(params)
        if len(params) == 0:
            raise ValueError(f"{name}: param group {len(self.param_groups)} has no parameters")
        seen: set[int] = set()
        for i, p in enumerate(params):
            if not isinstance(p, Tensor):
                raise TypeError(f"{name}: can only optimize Tensors, "
                                f"but params[{i}] is a {type(p).__name__}")
            if not p.requires_grad:
                raise ValueError(f"{name}: params[{i}] (shape {p.shape}) does not require "
                                 "grad; only tensors with requires_grad=True can be optimized")
            if p.grad_fn is not None:
                raise ValueError(f"{name}: params[{i}] (shape {p.shape}) is not a leaf "
                                 f"(made by {p.grad_fn!r}); can't optimize a non-leaf Tensor")
            if id(p) in seen:
                raise ValueError(f"{name}: params[{i}] (shape {p.shape}) appears twice "
                                 "in the same parameter group")
            seen.add(id(p))
        for g, group in enumerate(self.param_groups):
            for p in group["params"]:
                if id(p) in seen:
                    raise ValueError(f"{name}: a parameter of shape {p.shape} is already in "
                                     f"parameter group {g}; each parameter may appear once")
        group = {k: v for k, v in param_group.items() if k != "params"}
        for key, default in self.defaults.items():
            if default is required and key not in group:
                raise ValueError(f"{name}: param group didn't specify a value of required "
                                 f"hyper-parameter {key}")
            group.setdefault(key, default)
        self._validate(group)
        group["params"] = params
        self.param_groups.append(group)

    # ----- gradients -------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset every parameter's gradient: to None (default) or to zeros.

        With `set_to_none=False` each `.grad` keeps its Tensor but gets a
        fresh zero array (never written into: a gradient array may be shared
        or a read-only broadcast view).
        """
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is None:
                    continue
                if set_to_none:
                    p.grad = None
                elif g.grad_fn is not None:
                    p.grad = Tensor(np.zeros_like(g.data))
                else:
                    g.data = np.zeros_like(g.data)
                    g.requires_grad = False

    @staticmethod
    def _gradients(group: dict[str, Any]) -> Iterator[tuple[Any, np.ndarray]]:
        """(parameter, gradient array) for each parameter of `group` with a gradient.

        The gradient is negated when the group maximizes (g ← -g), the first
        line of every update rule.
        """
        sign = group.get("maximize", False)
        for p in group["params"]:
            if p.grad is not None:
                yield p, (-p.grad.data if sign else p.grad.data)

    def _evaluate(self, closure: Callable[[], Any] | None) -> Any:
        """Run the closure (with grad mode on) and return its loss, or None."""
        if closure is None:
            return None
        with enable_grad():
            return closure()

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; return the closure's loss.

        `closure`, when given, re-evaluates the model (zero_grad, forward,
        backward) and returns the loss; it runs before the update.
        """
        raise NotImplementedError

    # ----- checkpoints ---------------------------------------------------------
    def _state_keys(self, group: dict[str, Any]) -> tuple[str, ...]:
        """The state entries every stepped parameter of `group` must have."""
        return ()

    def state_dict(self) -> dict[str, Any]:
        """A snapshot `{"state": {index: {...}}, "param_groups": [...]}`, as torch.

        Parameters are numbered in the order of the groups; `state` maps each
        index to copies of its arrays, and each group lists its indices under
        `"params"` with its hyper-parameters.
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = copy.deepcopy({k: v for k, v in group.items() if k != "params"})
            packed["params"] = [index.setdefault(id(p), len(index)) for p in group["params"]]
            groups.append(packed)
        state = {index[id(p)]: {k: _copy_value(v) for k, v in s.items()}
                 for p, s in self.state.items() if s and id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a `state_dict()` (arrays copied). A mismatch raises ValueError.

        The groups must match this optimizer's in number and size, carry
        the same hyper-parameter keys, and every array must have its
        parameter's shape. Nothing changes unless all checks pass.
        """
        name = f"{type(self).__name__}.load_state_dict"
        if not isinstance(state_dict, dict):
            raise TypeError(f"{name}: expected a dict, got {type(state_dict).__name__}")
        for key in ("state", "param_groups"):
            if key not in state_dict:
                raise ValueError(f"{name}: state_dict has no {key!r} entry "
                                 f"(keys: {sorted(state_dict)})")
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(f"{name}: state_dict has {len(saved_groups)} parameter groups, "
                             f"this optimizer has {len(self.param_groups)}")
        new_groups = []
        id_map: dict[Any, Tensor] = {}
        for g, (saved, group) in enumerate(zip(saved_groups, self.param_groups)):
            if len(saved["params"]) != len(group["params"]):
                raise ValueError(f"{name}: parameter group {g} has {len(saved['params'])} "
                                 f"parameters in the state_dict, {len(group['params'])} here")
            missing = sorted(k for k in self.defaults if k not in saved)
            if missing:
                raise ValueError(f"{name}: parameter group {g} of the state_dict lacks "
                                 f"hyper-parameters {missing}; was it saved by another "
                                 "optimizer?")
            new = copy.deepcopy({k: v for k, v in saved.items() if k != "params"})
            self._validate(new)
            new["params"] = group["params"]
            new_groups.append(new)
            id_map.update(zip(saved["params"], group["params"]))
        state: defaultdict[Tensor, dict[str, Any]] = defaultdict(dict)
        group_of = {id(p): grp for grp in new_groups for p in grp["params"]}
        for k, saved_state in state_dict["state"].items():
            if k not in id_map:
                raise ValueError(f"{name}: state_dict has state for parameter {k!r}, but its "
                                 f"groups list parameters {sorted(id_map)}")
            p = id_map[k]
            missing = [key for key in self._state_keys(group_of[id(p)])
                       if key not in saved_state]
            if saved_state and missing:
                raise ValueError(f"{name}: state of parameter {k} lacks {missing} "
                                 f"(has {sorted(saved_state)})")
            state[p] = {key: _load_value(name, k, key, v, p)
                        for key, v in saved_state.items()}
        self.param_groups = new_groups
        self.state = state


def _copy_value(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.copy()
    return copy.deepcopy(value)


def _load_value(name: str, index: Any, key: str, value: Any, p: Tensor) -> Any:
    """Copy one saved state entry, checking an array's shape against its parameter."""
    if isinstance(value, Tensor):
        value = value.data
    if not isinstance(value, np.ndarray):
        return copy.deepcopy(value)
    if key == "step":
        if value.size != 1:
            raise ValueError(f"{name}: state {key!r} of parameter {index} has shape "
                             f"{value.shape}, expected a single number")
        return np.array(value, dtype=np.float64).reshape(())
    if value.shape != p.shape:
        raise ValueError(f"{name}: state {key!r} of parameter {index} has shape "
                         f"{value.shape}, but the parameter has shape {p.shape}")
    return np.array(value, dtype=p.dtype if value.dtype.kind == "f" else value.dtype)
