"""A lab's quiz: questions in `gradschool/labs/<module>/quiz.toml`, answers checked here.

    [[questions]]
    id = "shift"
    text = "softmax(z + c), for a constant c, equals"
    choices = [
      { text = "softmax(z)", correct = true, why = "e^c cancels above and below." },
      { text = "softmax(z) + c", why = "The outputs still sum to 1, so nothing is added." },
      { text = "e^c · softmax(z)", why = "That would sum to e^c, not 1." },
    ]

    [[questions]]
    id = "entropy"
    text = "The entropy, in nats, of the uniform distribution over 4 outcomes"
    answer = "float(-(np.full(4, 0.25) * np.log(np.full(4, 0.25))).sum())"
    decimals = 3
    why = "H = log 4: the uniform is the most uncertain distribution over 4 outcomes."

A multiple-choice question has 3 to 5 choices, exactly one `correct`, each
with a one-line `why`; they are shown in an order fixed by the question's id,
not the file's. A numeric question's `answer` is an expression the
library computes when the quiz loads (with `gs`, `np`, `math`, `F` =
`gs.nn.functional` and `lab` = the lab's package in scope), never a number
typed by hand; an answer is right when it agrees to `decimals` places (or
within `rel_tol`, relative, when given).
"""
from __future__ import annotations

import builtins
import hashlib
import importlib
import importlib.resources
import math
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import module_of
from .contract import Lab

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

QUIZ_FILE = "quiz.toml"
LETTERS = "abcde"
_BUILTINS = {name: getattr(builtins, name)
             for name in ("abs", "bool", "enumerate", "float", "int", "len", "list", "max",
                          "min", "pow", "range", "round", "sorted", "sum", "tuple", "zip")}


class QuizError(ValueError):
    """A quiz file that breaks the rules above (names the lab, question and problem)."""


class AnswerError(ValueError):
    """An answer that is not one: an option that does not exist, text for a number."""


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class Verdict:
    """How an answer fared: right or not, and what to read next."""

    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    """One question: `choices` for multiple choice, else a computed numeric `answer`."""

    id: str
    text: str
    why: str = ""
    choices: tuple[Choice, ...] = ()
    answer: float | None = None
    decimals: int = 3
    rel_tol: float | None = None

    @property
    def kind(self) -> str:
        return "choice" if self.choices else "number"

    @property
    def shown_answer(self) -> str:
        """The right answer as a learner sees it: a letter and its text, or the number."""
        if self.choices:
            i = next(i for i, c in enumerate(self.choices) if c.correct)
            return f"{LETTERS[i]}) {self.choices[i].text}"
        if self.rel_tol is not None:  # enough significant digits to be within rel_tol
            digits = max(3, math.ceil(-math.log10(self.rel_tol)) + 1)
            return f"{self.answer:.{digits}g}"
        return f"{self.answer:.{self.decimals}f}"

    def tolerance(self) -> float:
        """How far a numeric answer may be from the computed one and still be right."""
        assert self.answer is not None
        if self.rel_tol is not None:
            return self.rel_tol * abs(self.answer)
        return 0.5 * 10.0 ** -self.decimals * (1 + 1e-9)

    def grade(self, text: str) -> Verdict:
        """Grade the answer `text` (a letter for a choice, a number otherwise)."""
        given = text.strip()
        if self.choices:
            options = LETTERS[:len(self.choices)]
            if len(given) != 1 or given.lower() not in options:
                raise AnswerError(f"question {self.id!r}: {given!r} is not an option; "
                                  f"answer one of {', '.join(options)}")
            choice = self.choices[options.index(given.lower())]
            return Verdict(choice.correct, choice.why)
        try:
            value = float(given)
        except ValueError:
            raise AnswerError(f"question {self.id!r}: {given!r} is not a number") from None
        right = math.isfinite(value) and abs(value - float(self.answer)) <= self.tolerance()
        feedback = self.why if right else f"The answer is {self.shown_answer}. {self.why}"
        return Verdict(right, feedback.strip())

    def to_json(self) -> dict[str, Any]:
        """The question for the report page (its answers included: it is for self-study)."""
        out: dict[str, Any] = {"id": self.id, "text": self.text, "kind": self.kind,
                               "why": self.why}
        if self.choices:
            out["choices"] = [{"text": c.text, "correct": c.correct, "why": c.why}
                              for c in self.choices]
        else:
            out.update(answer=self.answer, shown=self.shown_answer, tolerance=self.tolerance())
        return out


@dataclass(frozen=True)
class Quiz:
    lab: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    def to_json(self) -> list[dict[str, Any]]:
        return [q.to_json() for q in self.questions]


def _package(lab: Lab) -> str:
    """The lab's package ("gradschool.labs.softmax"), or "" for a lab from elsewhere."""
    module = module_of(lab)
    return f"gradschool.labs.{module}" if module else ""


def has_quiz(lab: Lab) -> bool:
    """Whether the lab's package ships a quiz file."""
    package = _package(lab)
    return bool(package) and importlib.resources.files(package).joinpath(QUIZ_FILE).is_file()


def load_quiz(lab: Lab) -> Quiz:
    """Read and check the lab's quiz; compute every numeric answer with the library."""
    package = _package(lab)
    if not has_quiz(lab):
        raise QuizError(f"lab {lab.id!r} has no quiz ({QUIZ_FILE} in its package)")
    text = importlib.resources.files(package).joinpath(QUIZ_FILE).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise QuizError(f"lab {lab.id!r}: {QUIZ_FILE} is not valid TOML: {exc}") from None
    namespace = _namespace(package)
    questions = tuple(_question(lab.id, raw, namespace) for raw in data.get("questions", []))
    ids = [q.id for q in questions]
    if not questions:
        raise QuizError(f"lab {lab.id!r}: {QUIZ_FILE} has no [[questions]]")
    if len(set(ids)) != len(ids):
        raise QuizError(f"lab {lab.id!r}: question ids repeat: {sorted(ids)}")
    return Quiz(lab.id, questions)


def _namespace(package: str) -> dict[str, Any]:
    import gradschool as gs

    return {"gs": gs, "np": np, "math": math, "F": gs.nn.functional,
            "lab": importlib.import_module(package)}


def _question(lab_id: str, raw: dict[str, Any], namespace: dict[str, Any]) -> Question:
    where = f"lab {lab_id!r}, question {raw.get('id', '?')!r}"
    for key in ("id", "text", "why") if "answer" in raw else ("id", "text"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise QuizError(f"{where}: needs a non-empty {key!r}")
    if ("choices" in raw) == ("answer" in raw):
        raise QuizError(f"{where}: give either 'choices' or 'answer', not both or neither")
    if "choices" in raw:
        choices = tuple(_choice(where, c) for c in raw["choices"])
        if not 3 <= len(choices) <= 5:
            raise QuizError(f"{where}: needs 3 to 5 choices, has {len(choices)}")
        if sum(c.correct for c in choices) != 1:
            raise QuizError(f"{where}: needs exactly one correct choice, has "
                            f"{sum(c.correct for c in choices)}")
        return Question(raw["id"], raw["text"], raw.get("why", ""),
                        choices=_shuffled(choices, f"{lab_id}/{raw['id']}"))
    return Question(raw["id"], raw["text"], raw["why"],
                    answer=_compute(where, raw["answer"], namespace),
                    decimals=int(raw.get("decimals", 3)), rel_tol=raw.get("rel_tol"))


def _shuffled(choices: tuple[Choice, ...], name: str) -> tuple[Choice, ...]:
    """The choices in an order fixed by the question's name, not the file's (where the
    right one is often written first): the same order on every machine and run."""
    seed = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
    return tuple(choices[i] for i in np.random.default_rng(seed).permutation(len(choices)))


def _choice(where: str, raw: Any) -> Choice:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str) or not raw.get("why"):
        raise QuizError(f"{where}: every choice needs 'text' and a one-line 'why', got {raw!r}")
    return Choice(raw["text"], bool(raw.get("correct", False)), str(raw["why"]))


def _compute(where: str, expression: Any, namespace: dict[str, Any]) -> float:
    """Evaluate the answer's expression with the library (trusted: it ships with the lab)."""
    if not isinstance(expression, str):
        raise QuizError(f"{where}: 'answer' must be an expression the library computes, "
                        f"not the number {expression!r}")
    try:
        # The namespace is the globals, so that lambdas and comprehensions see it too.
        value = eval(compile(expression, where, "eval"),
                     {"__builtins__": _BUILTINS, **namespace})
        value = float(np.asarray(value.data if hasattr(value, "data") else value))
    except Exception as exc:
        raise QuizError(f"{where}: answer {expression!r} failed: "
                        f"{type(exc).__name__}: {exc}") from None
    if not math.isfinite(value):
        raise QuizError(f"{where}: answer {expression!r} is not finite: {value}")
    return value
