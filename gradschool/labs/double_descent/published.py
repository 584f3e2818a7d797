"""A published run of the notebook, to compare the full preset with.

UDL notebook 8.3 ships without outputs; the MNIST-1D repository keeps a copy
of it that was run, outputs included, on a Colab GPU (github.com/greydanus/
mnist1d, `notebooks/6. deep_double_descent.ipynb`): the same data, label
noise, model, optimizer and 28 widths, with PyTorch's own random weights and
batches. It prints the errors every 100 epochs; these are the last printed,
after epoch 900 of 1000 (in %). Read off them: the training error first
falls below 1% at h = 45, the test error has its first minimum at h = 18
(49.92), peaks at h = 40 (58.08) and falls to 44.15 at h = 400.
"""
from __future__ import annotations

SOURCE = "github.com/greydanus/mnist1d, notebooks/6. deep_double_descent.ipynb (epoch 900)"

HIDDEN = (2, 4, 6, 8, 10, 14, 18, 22, 26, 30, 35, 40, 45, 50, 55, 60, 70, 80, 90, 100,
          120, 140, 160, 180, 200, 250, 300, 400)
TRAIN_ERROR = (71.30, 68.25, 62.75, 51.00, 51.30, 45.03, 37.78, 33.47, 27.72, 22.97, 16.43,
               8.00) + (0.0,) * 16
TEST_ERROR = (68.20, 68.28, 63.92, 50.05, 54.20, 51.80, 49.92, 53.08, 52.45, 55.53, 56.62,
              58.08, 55.55, 55.28, 55.30, 54.62, 52.67, 53.67, 53.20, 51.28, 50.45, 50.40,
              49.55, 49.42, 47.70, 47.15, 47.58, 44.15)
