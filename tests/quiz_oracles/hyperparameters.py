"""The hyperparameters quiz's numbers, computed here: a brute-force even grid, a closed form."""
import itertools
import math


def grid_pairs_48() -> int:
    """The largest grid n₁…n₅ <= 48 whose counts differ by at most 1 (ties: the first
    hyperparameters, lr then batch size, get the extra point): n_lr · n_width."""
    best = None
    for counts in itertools.product(range(1, 5), repeat=5):
        if math.prod(counts) > 48 or max(counts) - min(counts) > 1:
            continue
        key = (math.prod(counts), counts)
        best = key if best is None or key > best else best
    lr, batch_size, width, weight_decay, dropout = best[1]
    return lr * width


ORACLES = {
    "grid-pairs-48": grid_pairs_48,
    "score-one-sd": lambda: 0.1 + 0.85 * math.exp(-0.5),
}
assert grid_pairs_48() == 6
