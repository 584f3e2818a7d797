"""The README's promise: its second command is the test command CI runs."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    block = text.split("```bash\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip()]


def test_readme_opens_with_two_commands():
    commands = readme_commands()
    assert len(commands) == 2
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert readme_commands()[1] in ci


def readme_python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return [part.split("```", 1)[0] for part in text.split("```python\n")[1:]]


def test_readme_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for block in readme_python_blocks():
        exec(compile(block, "README.md", "exec"), namespace)
    assert (tmp_path / "mlp.safetensors").exists()
    h = namespace["h"].data  # d²/dx² of tanh(x)³, summed: check against the closed form
    import numpy as np
    x = np.array([0.5, -1.0])
    t = np.tanh(x)
    expected = 6 * t * (1 - t**2) ** 2 - 6 * t**3 * (1 - t**2)
    assert np.allclose(h, expected)
