"""Optimizers and learning-rate schedules, mirroring `torch.optim`.

    opt = gs.optim.Adam(model.parameters(), lr=1e-3)
    sched = gs.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.5)
    for x, y in batches:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()            # θ ← θ - γ · update, in place on p.data
    sched.step()

Every update rule is checked against PyTorch's to 1e-10 in float64.
"""
from . import line_search, lr_scheduler
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .descend import descend
from .line_search import backtracking, bracketing_search, golden_section_search
from .line_search_descent import DescentRun, descend_with_line_search, line_search_step
from .newton import Newton, gradient_and_hessian, newton_minimize
from .optimizer import Optimizer, required
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "lr_scheduler",
           "required"]
__all__ += ["DescentRun", "Newton", "backtracking", "bracketing_search", "descend",
            "descend_with_line_search", "golden_section_search", "gradient_and_hessian",
            "line_search", "line_search_step", "newton_minimize"]
