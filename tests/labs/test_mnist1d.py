"""The mnist1d lab: the paper's ordering of the four models, its collapse under shuffling,
and the textbook MLP's overfitting; the models and the SGD training loop against PyTorch."""
import numpy as np
import pytest
import torch

import gradschool as gs
from gradschool.data import DataLoader, TensorDataset
from gradschool.labs.mnist1d.overfit import he_mlp
from gradschool.models import CNN, GRU, MLP, Logistic
from gradschool.training import train_classifier


def test_quick_preset_reproduces_the_papers_ordering_and_the_shuffled_collapse(run_lab):
    record = run_lab("mnist1d")
    m = record["metrics"]
    score = {name: np.mean(v) for name, v in m["test_accuracy"].items()}
    shuffled = {name: np.mean(v) for name, v in m["test_accuracy_shuffled"].items()}
    # Paper: logistic 32, MLP 68, CNN 94, GRU 91 (%); a chance-level classifier scores 10.
    assert score["cnn"] > score["mlp"] + 0.15 > score["logistic"] + 0.3, score
    assert score["gru"] > score["mlp"] + 0.1, score
    assert 0.28 < score["logistic"] < 0.37, score
    # Shuffled positions (paper: 32, 68, 56, 57): the models blind to order keep their score,
    # the CNN and the GRU lose most of their edge and fall below the MLP.
    for name in ("logistic", "mlp"):
        assert abs(shuffled[name] - score[name]) < 0.05, (name, score, shuffled)
    for name in ("cnn", "gru"):
        assert score[name] - shuffled[name] > 0.2, (name, score, shuffled)
        assert shuffled[name] < shuffled["mlp"], (name, shuffled)
    # The early-stopping score is the best evaluation, so never below the final one.
    for name, finals in m["final_test_accuracy"].items():
        assert all(b >= f for b, f in zip(m["test_accuracy"][name], finals)), name
    assert m["params"] == {"logistic": 410, "mlp": 15210, "cnn": 5210, "gru": 5134}
    assert set(m["ms_per_step"]) == set(m["params"])
    assert all(v > 0 for v in m["ms_per_step"].values())
    assert m["published"]["test_accuracy"]["cnn"] == 0.94
    assert m["published"]["test_accuracy_shuffled"]["cnn"] == 0.56

    overfit = m["overfit"]
    last_step = record["config"]["overfit_epochs"] * 4000 // record["config"]["batch_size"]
    assert overfit["final_train_error"] < 0.01, overfit   # memorised
    assert overfit["final_test_error"] > 0.25, overfit    # ... but does not generalise
    assert overfit["min_test_loss_step"] < last_step / 2, overfit
    assert overfit["final_test_loss"] > 1.15 * overfit["min_test_loss"], overfit
    for name in ("scores.svg", "samples.svg", "curves.svg", "confusion.svg", "overfit.svg"):
        assert (record["dir"] / name).is_file(), name


def test_shuffled_data_are_one_fixed_permutation_of_the_positions():
    data = gs.data.load_mnist1d()
    shuffled = gs.data.load_mnist1d(shuffle_seq=True)
    x, xs = np.vstack([data["x"], data["x_test"]]), np.vstack([shuffled["x"], shuffled["x_test"]])
    # Column j of the shuffled data is column perm[j] of the original, for every sample.
    distance = ((xs[:, :, None] - x[:, None, :]) ** 2).sum(axis=0)
    perm = distance.argmin(axis=1)
    assert sorted(perm) == list(range(40)) and (perm != np.arange(40)).sum() > 30
    np.testing.assert_allclose(xs, x[:, perm], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(shuffled["y"], data["y"])
    np.testing.assert_array_equal(shuffled["y_test"], data["y_test"])


# --- the paper's PyTorch models (github.com/greydanus/mnist1d), as twins ---------------

class TorchMLP(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear1, self.linear2 = torch.nn.Linear(40, 100), torch.nn.Linear(100, 100)
        self.linear3 = torch.nn.Linear(100, 10)

    def forward(self, x):
        h = self.linear1(x).relu()
        h = h + self.linear2(h).relu()
        return self.linear3(h)


class TorchCNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv1d(1, 25, 5, stride=2, padding=1)
        self.conv2 = torch.nn.Conv1d(25, 25, 3, stride=2, padding=1)
        self.conv3 = torch.nn.Conv1d(25, 25, 3, stride=2, padding=1)
        self.linear = torch.nn.Linear(125, 10)

    def forward(self, x):
        h = x.view(-1, 1, x.shape[-1])
        h = self.conv3(self.conv2(self.conv1(h).relu()).relu()).relu()
        return self.linear(h.view(h.shape[0], -1))


class TorchGRU(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = torch.nn.GRU(1, 6, batch_first=True, bidirectional=True)
        self.linear = torch.nn.Linear(480, 10)

    def forward(self, x):
        out, _ = self.rnn(x.view(*x.shape[:2], 1))
        return self.linear(out.reshape(out.shape[0], -1))


class TorchLogistic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(40, 10)

    def forward(self, x):
        return self.linear(x)


@pytest.mark.parametrize("ours, theirs", [(Logistic, TorchLogistic), (MLP, TorchMLP),
                                          (CNN, TorchCNN), (GRU, TorchGRU)])
def test_models_match_the_papers_pytorch_models(ours, theirs):
    gs.manual_seed(0)
    model, twin = ours(), theirs()
    state = model.state_dict()
    assert {k: tuple(v.shape) for k, v in state.items()} == \
        {k: tuple(v.shape) for k, v in twin.state_dict().items()}
    twin.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in state.items()})
    x = gs.data.load_mnist1d()["x_test"][:64].astype(np.float32)
    with gs.no_grad():
        z = model(gs.tensor(x)).data
    np.testing.assert_allclose(z, twin(torch.tensor(x)).detach().numpy(), rtol=1e-4, atol=1e-5)


def test_sgd_with_step_lr_matches_pytorch_step_by_step():
    # train_classifier with SGD + momentum and a StepLR stepped once per epoch, against the
    # same loop in PyTorch on the same batches (4 per epoch, 3 epochs, lr halved every epoch).
    data = gs.data.load_mnist1d()
    small = {"x": data["x"][:400], "y": data["y"][:400],
             "x_test": data["x_test"][:100], "y_test": data["y_test"][:100]}
    gs.manual_seed(3)
    model = he_mlp()
    twin = torch.nn.Sequential(torch.nn.Linear(40, 100), torch.nn.ReLU(),
                               torch.nn.Linear(100, 100), torch.nn.ReLU(),
                               torch.nn.Linear(100, 10))
    twin.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in model.state_dict().items()})
    optimizer = gs.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scheduler = gs.optim.lr_scheduler.StepLR(optimizer, step_size=1, gamma=0.5)
    history = train_classifier(model, small, steps=12, batch_size=100, eval_every=4, seed=7,
                               optimizer=optimizer, scheduler=scheduler)

    t_opt = torch.optim.SGD(twin.parameters(), lr=0.05, momentum=0.9)
    t_sched = torch.optim.lr_scheduler.StepLR(t_opt, step_size=1, gamma=0.5)
    loader = DataLoader(TensorDataset(gs.tensor(small["x"].astype(np.float32)),
                                      gs.tensor(small["y"])),
                        batch_size=100, shuffle=True, drop_last=True, seed=7)
    for _ in range(3):
        for xb, yb in loader:
            loss = torch.nn.functional.cross_entropy(twin(torch.tensor(xb.data)),
                                                     torch.tensor(yb.data))
            t_opt.zero_grad()
            loss.backward()
            t_opt.step()
        t_sched.step()
    for key, value in model.state_dict().items():
        np.testing.assert_allclose(np.asarray(value), twin.state_dict()[key].numpy(),
                                   rtol=1e-4, atol=1e-5, err_msg=key)
    assert history.steps == [4, 8, 12]
    assert optimizer.param_groups[0]["lr"] == pytest.approx(0.05 * 0.5 ** 2)
