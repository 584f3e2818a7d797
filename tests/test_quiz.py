"""Every lab's quiz: it loads, its questions follow the rules, its numbers are right.

Numeric answers are computed by the library when a quiz loads; each is checked
here against an independent computation (tests/quiz_oracles/<module>.py).
The CLI is driven with `--answers`; a lab page's quiz is answered in Chromium.
"""
from __future__ import annotations

import importlib
import math

import pytest
from typer.testing import CliRunner

from gradschool.cli import app
from gradschool.labs import load_all, module_of
from gradschool.labs.quiz import LETTERS, has_quiz, load_quiz
from gradschool.report import write_lab_page
from gradschool.runner import load_labs
from gradschool.runner.run import quiz_of

LABS = load_labs()
IDS = list(LABS)


def right_answers(quiz) -> list[str]:
    """The answers that get every question right: letters, and the computed numbers."""
    return [LETTERS[[c.correct for c in q.choices].index(True)] if q.choices else
            q.shown_answer for q in quiz.questions]


@pytest.mark.parametrize("lab_id", IDS)
def test_every_lab_has_a_quiz_that_loads(lab_id):
    lab = LABS[lab_id]
    assert has_quiz(lab), f"lab {lab_id!r} has no quiz.toml"
    quiz = load_quiz(lab)
    assert len(quiz.questions) >= 6
    kinds = {q.kind for q in quiz.questions}
    assert kinds == {"choice", "number"}, f"{lab_id}: both kinds of question, got {kinds}"
    for q in quiz.questions:
        if q.choices:
            assert 3 <= len(q.choices) <= 5 and sum(c.correct for c in q.choices) == 1, q.id
            assert all(c.why.strip() for c in q.choices), q.id
        else:
            assert math.isfinite(q.answer) and q.why.strip(), q.id


@pytest.mark.parametrize("lab_id", IDS)
def test_numeric_answers_equal_an_independent_computation(lab_id):
    quiz = load_quiz(LABS[lab_id])
    numeric = {q.id: q for q in quiz.questions if not q.choices}
    oracles = importlib.import_module(f"tests.quiz_oracles.{module_of(LABS[lab_id])}").ORACLES
    assert set(oracles) == set(numeric), "every numeric question needs an oracle, and only they"
    for qid, question in numeric.items():
        expected = float(oracles[qid]())
        assert question.grade(repr(expected)).correct, (qid, question.answer, expected)
        assert math.isclose(question.answer, expected, rel_tol=1e-9, abs_tol=1e-12), qid


def test_answers_right_exit_0_one_wrong_exits_1_naming_it():
    quiz = load_quiz(LABS["xor"])
    answers = right_answers(quiz)
    ok = CliRunner().invoke(app, ["quiz", "xor", "--answers", ",".join(answers)])
    assert ok.exit_code == 0, ok.output
    assert f"score: {len(answers)} of {len(answers)}" in ok.stdout
    wrong = list(answers)
    choice = next(i for i, q in enumerate(quiz.questions) if q.choices)
    wrong[choice] = next(LETTERS[i] for i, c in enumerate(quiz.questions[choice].choices)
                         if not c.correct)
    bad = CliRunner().invoke(app, ["quiz", "xor", "--answers", ",".join(wrong)])
    assert bad.exit_code == 1
    assert f"question {choice + 1} ({quiz.questions[choice].id})" in bad.stderr


@pytest.mark.parametrize("mangle, words", [
    (lambda a, q: ["z" if q[i].choices else x for i, x in enumerate(a)], ["not an option"]),
    (lambda a, q: ["pi" if not q[i].choices else x for i, x in enumerate(a)], ["not a number"]),
    (lambda a, q: a[:-1], ["has 7 questions", "got 6 answers"]),
])
def test_answers_that_are_not_answers_exit_2(mangle, words):
    quiz = load_quiz(LABS["xor"])
    answers = mangle(right_answers(quiz), quiz.questions)
    result = CliRunner().invoke(app, ["quiz", "xor", "--answers", ",".join(answers)])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert all(w in result.stderr for w in words), result.stderr


def test_quiz_asks_again_after_a_bad_answer():
    quiz = load_quiz(LABS["xor"])
    answers = right_answers(quiz)
    typed = "\n".join(["z", answers[0], *answers[1:]]) + "\n"  # "z" is not an option
    result = CliRunner().invoke(app, ["quiz", "xor"], input=typed)
    assert result.exit_code == 0, result.output
    assert "'z' is not an option" in result.stdout
    assert f"score: {len(answers)} of {len(answers)}" in result.stdout


def test_choices_are_shown_in_a_fixed_order_not_always_right_first():
    firsts = [[c.correct for c in q.choices].index(True) for lab in LABS.values()
              if has_quiz(lab) for q in load_quiz(lab).questions if q.choices]
    assert len(set(firsts)) >= 3, firsts
    again = load_quiz(LABS["xor"])
    assert again == load_quiz(LABS["xor"])


def test_quiz_without_an_id_lists_the_quizzes():
    result = CliRunner().invoke(app, ["quiz"])
    assert result.exit_code == 0 and "xor" in result.stdout


def test_a_lab_page_quiz_answers_in_the_browser(browser, tmp_path):
    lab = LABS["xor"]
    record = {"lab": lab.id, "title": lab.title, "part": lab.part, "status": "ok",
              "explanation": lab.explanation, "quiz": quiz_of(lab)}
    page_path = write_lab_page(tmp_path / "xor", record)
    quiz = load_quiz(lab)
    first, second = 0, 1  # two multiple-choice questions of the xor quiz
    assert quiz.questions[first].choices and quiz.questions[second].choices
    right = [c.correct for c in quiz.questions[first].choices].index(True)
    wrong = [c.correct for c in quiz.questions[second].choices].index(False)
    page = browser.new_page()
    page.goto(page_path.as_uri(), width=390)
    click = ("document.querySelectorAll('#quiz .question')[{q}]"
             ".querySelectorAll('button.choice')[{c}].click()")
    page.evaluate(click.format(q=first, c=right))
    page.evaluate(click.format(q=second, c=wrong))
    feedback = page.evaluate("Array.from(document.querySelectorAll('#quiz .feedback'))"
                             ".slice(0, 2).map(f => f.textContent)")
    assert feedback[0] == "Right. " + quiz.questions[first].choices[right].why
    assert feedback[1] == "Wrong. " + quiz.questions[second].choices[wrong].why
    number = next(i for i, q in enumerate(quiz.questions) if not q.choices)
    page.evaluate(f"var q = document.querySelectorAll('#quiz .question')[{number}];"
                  f"q.querySelector('input').value = '{quiz.questions[number].answer}';"
                  "q.querySelector('form').requestSubmit()")
    score = page.evaluate("document.getElementById('quiz-score').textContent")
    assert score == f"Score: 2 right of 3 answered ({len(quiz.questions)} questions)"
    assert page.errors() == []


def test_loading_every_lab_registers_the_quizzes_labs():
    assert set(load_all()) >= set(IDS)
