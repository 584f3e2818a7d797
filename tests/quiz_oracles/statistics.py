"""The statistics quiz's numbers, computed with PyTorch and NumPy."""
import math

import numpy as np
import scipy.stats
import torch

X = torch.tensor([3.0, 7.0, 1.0, 7.0, 2.0, 7.0, 1.0], dtype=torch.float64)

ORACLES = {
    "argmax-tie": lambda: int(torch.argmax(torch.tensor([1.5, 4.0, -2.0, 4.0, 0.5]))),
    "var-ddof0": lambda: torch.var(X, correction=0).item(),
    "std-ddof1": lambda: torch.std(X).item(),
    # the std of a 0/1 outcome with p = 0.9, over √100, in points
    "standard-error": lambda: 100 * np.std([1.0] * 9 + [0.0]) / math.sqrt(100),
    # the mean of 16 i.i.d. Exp(1) draws is Gamma(16, scale 1/16): its skewness, by SciPy
    "clt-skewness": lambda: float(scipy.stats.gamma(16, scale=1 / 16).stats(moments="s")),
}
