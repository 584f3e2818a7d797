"""The rosenbrock lab: Newton reaches (1, 1) in a fraction of the steps of any first-order method.

Oracles: PyTorch's optimizers rerun at the lab's best learning rates give the
same steps to 1e-3 and end at the same point; Newton's end point is checked
against the closed-form gradient of the Rosenbrock function.
"""
import numpy as np
import pytest
import torch

from gradschool.data.functions import rosenbrock_gradient
from gradschool.labs import rosenbrock as lab
from gradschool.labs.rosenbrock.runs import steps_to_target

FIRST_ORDER = ("sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adam", "adamw")


def torch_run(make, start, budget):
    """(path end, losses) of a torch optimizer on the Rosenbrock function, float64."""
    phi = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = make([phi])
    losses = []
    for _ in range(budget):
        opt.zero_grad()
        loss = (1 - phi[0]) ** 2 + 100 * (phi[1] - phi[0] ** 2) ** 2
        losses.append(loss.item())
        loss.backward()
        opt.step()
    with torch.no_grad():
        losses.append(((1 - phi[0]) ** 2 + 100 * (phi[1] - phi[0] ** 2) ** 2).item())
    return phi.detach().numpy(), np.array(losses)


def test_steps_to_target_counts_only_runs_that_stay_below():
    assert steps_to_target(np.array([5.0, 1e-2, 1e-4, 1e-5])) == 2
    assert steps_to_target(np.array([5.0, 1e-4, 1e-2, 1e-4])) == 3
    assert steps_to_target(np.array([5.0, 1e-4, 1e-2])) is None
    assert steps_to_target(np.array([1e-4, 1e-5])) == 0
    assert steps_to_target(np.array([1.0, np.nan])) is None


def test_rosenbrock_lab_quick(run_lab):
    record = run_lab("rosenbrock")
    config, metrics = record["config"], record["metrics"]
    steps, distance, best_lr = (metrics[k] for k in ("steps_to_1e-3", "final_distance",
                                                     "best_lr"))
    assert set(steps) == set(distance) == set(best_lr) == set(FIRST_ORDER) | {"newton"}
    # Newton lands on (1, 1), where the closed-form gradient vanishes
    assert distance["newton"] < 1e-6
    newton = lab.run_newton(lab.RosenbrockConfig(start=tuple(config["start"]),
                                                 budget=config["budget"]))
    assert newton.steps == steps["newton"]
    assert np.abs(rosenbrock_gradient(newton.path[-1])).max() < 1e-8
    # ... in far fewer steps than every first-order method: 1/5 of the best, or they never get there
    assert steps["newton"] is not None and steps["newton"] <= 30
    reached = {k: steps[k] for k in FIRST_ORDER if steps[k] is not None}
    assert reached, "some first-order method should reach 1e-3 within the quick budget"
    assert all(5 * steps["newton"] <= s for s in reached.values())
    assert steps["sgd"] is None  # plain SGD is still crawling along the valley floor
    # each first-order method used a rate of its grid; Newton its natural step
    assert all(best_lr[k] in config["lrs"] for k in FIRST_ORDER)
    assert best_lr["newton"] == 1.0

    # the same optimizers in torch, at the chosen rates, agree step for step
    O = torch.optim
    twins = {
        "momentum": lambda ps: O.SGD(ps, lr=best_lr["momentum"], momentum=config["momentum"]),
        "nesterov": lambda ps: O.SGD(ps, lr=best_lr["nesterov"], momentum=config["momentum"],
                                     nesterov=True),
        "adam": lambda ps: O.Adam(ps, lr=best_lr["adam"]),
        "adamw": lambda ps: O.AdamW(ps, lr=best_lr["adamw"],
                                    weight_decay=config["adamw_weight_decay"]),
    }
    for name, make in twins.items():
        phi, losses = torch_run(make, config["start"], config["budget"])
        assert steps_to_target(losses) == steps[name], name
        assert np.linalg.norm(phi - 1.0) == pytest.approx(distance[name], rel=1e-4, abs=1e-12)
    for name in ("paths.png", "loss.svg", "tuning.svg"):
        assert (record["dir"] / name).exists()
