"""The momentum quiz's numbers, from the closed forms."""
import math

ORACLES = {
    "gd-iterations": lambda: math.ceil(math.log(1e-6) / math.log(99 / 101)),
    "hb-rate": lambda: 9 / 11,
    "hb-lr": lambda: 4 / 121,
}
