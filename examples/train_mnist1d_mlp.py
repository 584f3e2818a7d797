"""Train the MNIST-1D paper's MLP with gradschool and print its test accuracy.

    python examples/train_mnist1d_mlp.py [steps]
"""
import sys

import gradschool as gs
from gradschool.models import MLP
from gradschool.training import train_classifier

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
gs.manual_seed(0)
data = gs.data.load_mnist1d()
history = train_classifier(MLP(), data, steps=steps, lr=1e-2, batch_size=100, seed=0)
for step, acc in zip(history.steps, history.test_accuracy):
    print(f"step {step:5d}  test accuracy {acc:.1%}")
print(f"best test accuracy {history.best_test_accuracy:.1%} "
      f"(the MNIST-1D paper reports 68 ± 2% for this MLP)")
