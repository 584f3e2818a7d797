"""Module: the base class of every layer and model.

A Module holds three kinds of state, each found by attribute assignment:

- Parameters, the learnable tensors (`self.weight = Parameter(...)`);
- buffers, state that is saved but not learned, such as BatchNorm's running
  mean (`self.register_buffer("running_mean", ...)`);
- sub-Modules (`self.fc = Linear(2, 3)`), whose state is named with a dotted
  prefix: the weight of `self.fc` is `"fc.weight"`, as in PyTorch.

    class Net(Module):
        def __init__(self):
            super().__init__()
            self.fc = Linear(2, 3)

        def forward(self, x):           # net(x) calls forward(x)
            return self.fc(x).relu()

Registered values also live in the instance `__dict__`, so `self.weight` is a
plain attribute read: calling a module costs one Python call and no lookups.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

import numpy as np

from ..autograd.tensor import Tensor, make_tensor
from .parameter import Parameter


class _IncompatibleKeys(NamedTuple):
    """What `load_state_dict(strict=False)` could not match."""

    missing_keys: list[str]
    unexpected_keys: list[str]


_DEVICES = ("cpu", "cuda", "mps", "xpu", "meta")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _addindent(text: str, spaces: int) -> str:
    """Indent every line but the first (how a child's repr nests in its parent's)."""
    first, *rest = text.split("\n")
    if not rest:
        return text
    return "\n".join([first] + [" " * spaces + line if line.strip() else "" for line in rest])


def _as_array(value: Any) -> np.ndarray:
    """A state_dict value (gradschool Tensor, NumPy array, torch tensor) as an array."""
    if isinstance(value, Tensor):
        return value.data
    if hasattr(value, "detach"):  # a torch tensor, possibly one that requires grad
        value = value.detach()
    return np.asarray(value)


class Module:
    """Base class for layers and models: subclasses set attributes and define `forward`.

    Attributes: `training` (True after `train()`, False after `eval()`).
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, Tensor | None]
    _non_persistent_buffers: set[str]
    _modules: dict[str, Module | None]

    def __init__(self) -> None:
        state = self.__dict__
        state["training"] = True
        state["_parameters"] = {}
        state["_buffers"] = {}
        state["_non_persistent_buffers"] = set()
        state["_modules"] = {}

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  '"forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.forward(*args, **kwargs)

    # ----- registration ------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        state = self.__dict__
        params = state.get("_parameters")
        if isinstance(value, (Parameter, Module)):
            if params is None:
                raise AttributeError(f"cannot assign {type(value).__name__} '{name}' before "
                                     "Module.__init__() call")
            kind = "_parameters" if isinstance(value, Parameter) else "_modules"
            self._forget(name, keep=kind)  # re-assigning keeps the name's position
            state[kind][name] = value
        elif params is not None:
            if name in params:
                if value is not None:
                    raise TypeError(f"cannot assign '{type(value).__name__}' as parameter "
                                    f"'{name}' (gs.nn.Parameter or None expected)")
                params[name] = None
            elif name in state["_modules"]:
                if value is not None:
                    raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                    f"'{name}' (gs.nn.Module or None expected)")
                state["_modules"][name] = None
            elif name in state["_buffers"]:
                if value is not None and not isinstance(value, Tensor):
                    raise TypeError(f"cannot assign '{type(value).__name__}' as buffer "
                                    f"'{name}' (gs.Tensor or None expected)")
                state["_buffers"][name] = value
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        self._forget(name)
        object.__delattr__(self, name)

    def _forget(self, name: str, keep: str = "") -> None:
        """Drop `name` from every registry but `keep` (before it is registered anew)."""
        state = self.__dict__
        for registry in ("_parameters", "_buffers", "_modules"):
            if registry != keep:
                state[registry].pop(name, None)
        state["_non_persistent_buffers"].discard(name)

    def _check_name(self, name: Any, kind: str, registry: dict) -> None:
        if not isinstance(name, str):
            raise TypeError(f"{kind} name should be a string, got {type(name).__name__}")
        if not name or "." in name:
            raise KeyError(f"{kind} name must be a non-empty string without '.', got {name!r}")
        if hasattr(self, name) and name not in registry:
            raise KeyError(f"attribute '{name}' already exists")

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Add a parameter (or None: a declared but absent one, like `bias=False`)."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        self._check_name(name, "parameter", self._parameters)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (gs.nn.Parameter or None required)")
        self._forget(name, keep="_parameters")
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Add a buffer: state saved in `state_dict()` (if persistent) but not learned."""
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        self._check_name(name, "buffer", self._buffers)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (gs.Tensor or None required)")
        self._forget(name, keep="_buffers")
        self._buffers[name] = tensor
        if not persistent:
            self._non_persistent_buffers.add(name)
        object.__setattr__(self, name, tensor)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module, named `name` (its state gets the prefix `name.`)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        self._check_name(name, "module", self._modules)
        self._forget(name, keep="_modules")
        self._modules[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    # ----- walking the tree --------------------------------------------------
    def named_modules(self, memo: set[int] | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """(name, module) for this module and every descendant, depth first."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is not None:
                yield from module.named_modules(memo, _join(prefix, name), remove_duplicate)

    def modules(self) -> Iterator[Module]:
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        seen: set[int] = set()
        for name, module in self._modules.items():
            if module is not None and id(module) not in seen:
                seen.add(id(module))
                yield name, module

    def children(self) -> Iterator[Module]:
        for _, module in self.named_children():
            yield module

    def _named_members(self, registry: str, prefix: str, recurse: bool,
                       remove_duplicate: bool) -> Iterator[tuple[str, Any]]:
        modules = (self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
                   if recurse else [(prefix, self)])
        seen: set[int] = set()
        for module_prefix, module in modules:
            for name, value in getattr(module, registry).items():
                if value is None or (remove_duplicate and id(value) in seen):
                    continue
                seen.add(id(value))
                yield _join(module_prefix, name), value

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Parameter]]:
        """(dotted name, parameter) pairs, e.g. ('0.weight', ...), each parameter once."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        for _, param in self.named_parameters(recurse=recurse):
            yield param

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Tensor]]:
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        for _, buffer in self.named_buffers(recurse=recurse):
            yield buffer

    def get_submodule(self, target: str) -> Module:
        """The descendant named by a dotted path such as 'layers.1'."""
        module: Module = self
        for part in target.split(".") if target else []:
            child = module._modules.get(part)
            if child is None:
                raise AttributeError(f"{type(module).__name__} has no submodule '{part}' "
                                     f"(looking up '{target}')")
            module = child
        return module

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call `fn` on every child (recursively), then on this module; return self."""
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    # ----- modes and gradients -----------------------------------------------
    def train(self, mode: bool = True) -> Module:
        """Set training mode (dropout active, batch norm on batch statistics)."""
        if not isinstance(mode, bool):
            raise ValueError(f"train: mode is expected to be a bool, got {mode!r}")
        self.training = mode
        for module in self.children():
            module.train(mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode: `train(False)`."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients of every parameter (set them to None, or to zeros)."""
        for param in self.parameters():
            if set_to_none:
                param.grad = None
            elif param.grad is not None:
                param.grad = make_tensor(np.zeros_like(param.data))

    # ----- dtype -------------------------------------------------------------
    def to(self, *args: Any, dtype: Any = None, device: Any = None) -> Module:
        """Convert floating parameters and buffers to `dtype`, in place; return self.

        `to(gs.float64)`, `to(dtype=...)`, `to(tensor)` (its dtype) as in PyTorch.
        The Parameter objects stay the same (an optimizer holding them keeps
        working); only their arrays change. gradschool runs on the CPU: the
        device 'cpu' is accepted and any other is an error.
        """
        for arg in args:
            if isinstance(arg, str) and arg.split(":")[0] in _DEVICES:
                device = arg
            elif isinstance(arg, Tensor):
                dtype = arg.dtype
            else:
                dtype = arg
        if device is not None and str(device).split(":")[0] != "cpu":
            raise ValueError(f"to: gradschool runs on the CPU only, got device {device!r}")
        if dtype is None:
            return self
        try:
            dtype = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"to: {dtype!r} is not a dtype") from None
        if dtype.kind != "f":
            raise TypeError(f"to: modules only take floating point dtypes, got {dtype}")
        for module in self.modules():
            for tensor in [*module._parameters.values(), *module._buffers.values()]:
                if tensor is None or tensor.dtype.kind != "f":
                    continue
                tensor.data = tensor.data.astype(dtype, copy=False)
                if tensor.grad is not None:
                    tensor.grad = make_tensor(tensor.grad.data.astype(dtype, copy=False))
        return self

    def double(self) -> Module:
        return self.to(np.float64)

    def float(self) -> Module:
        return self.to(np.float32)

    # ----- saving and loading ------------------------------------------------
    def state_dict(self, *, destination: dict[str, Tensor] | None = None, prefix: str = "",
                   keep_vars: bool = False) -> dict[str, Tensor]:
        """Parameters and persistent buffers by dotted name, in PyTorch's order.

        The values are detached Tensors that share memory with the module (as
        in PyTorch): copy them (`{k: v.data.copy() ...}`) to keep a snapshot.
        """
        if destination is None:
            destination = OrderedDict()
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buffer in self._buffers.items():
            if buffer is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = buffer if keep_vars else buffer.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination=destination, prefix=prefix + name + ".",
                                  keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict: Mapping[str, Any],
                        strict: bool = True) -> _IncompatibleKeys:
        """Copy values (Tensors, NumPy arrays or torch tensors) into this module, in place.

        Every entry is checked before anything is copied: a shape mismatch is
        always an error, and with `strict=True` so are missing and unexpected
        keys. Values are cast to each parameter's dtype and written into its
        existing array, so optimizers that hold the parameters keep working.
        Returns (missing_keys, unexpected_keys).
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"load_state_dict: expected a dict-like state_dict, got "
                            f"{type(state_dict).__name__}")
        own = self.state_dict(keep_vars=True)
        missing = [key for key in own if key not in state_dict]
        unexpected = [key for key in state_dict if key not in own]
        errors, values = [], {}
        for key, target in own.items():
            if key in state_dict:
                value = values[key] = _as_array(state_dict[key])
                if value.shape != target.shape:
                    errors.append(f"size mismatch for {key}: copying a param with shape "
                                  f"{value.shape} from checkpoint, the shape in current "
                                  f"model is {target.shape}.")
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in unexpected) + ".")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: "
                              + ", ".join(f'"{k}"' for k in missing) + ".")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                               + "\n\t".join(errors))
        for key, value in values.items():
            own[key].data[...] = value
        return _IncompatibleKeys(missing, unexpected)

    # ----- printing ----------------------------------------------------------
    def extra_repr(self) -> str:
        """The module's own settings, shown inside its repr (e.g. 'in_features=2')."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({name}): {_addindent(repr(module), 2)}"
                       for name, module in self._modules.items()]
        lines = extra_lines + child_lines
        text = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                text += extra_lines[0]
            else:
                text += "\n  " + "\n  ".join(lines) + "\n"
        return text + ")"
