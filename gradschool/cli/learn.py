"""`gradschool quiz`, `gradschool exercises` and `gradschool check`: the learner's side.

    gradschool quiz                         the labs that have a quiz
    gradschool quiz softmax                 ask its questions here, one by one
    gradschool quiz softmax --answers b,1.386,a,...    answer them all at once
    gradschool exercises [ID...] --out DIR  student notebooks, solutions removed
    gradschool check NOTEBOOK.ipynb         run it, then check its exercises

`--answers` exits 0 when every answer is right and 1 otherwise, naming the
questions missed; an answer that is not one (an option that does not exist,
text for a number) or the wrong number of answers is an error (exit 2).
`check` exits 0 when every exercise passes, 1 otherwise, 2 for a notebook that
is not one of ours or lacks an exercise.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.prompt import Prompt
from rich.table import Table

from ..exercises import NotebookError, check_notebook, write_student_notebooks
from ..labs.quiz import LETTERS, AnswerError, Question, Quiz, QuizError, has_quiz, load_quiz
from ..runner import UsageError, load_labs
from .app import app, fail


def _quiz(lab_id: str) -> Quiz:
    try:
        labs = load_labs()
    except UsageError as exc:
        fail(exc)
    if lab_id not in labs:
        fail(f"unknown lab {lab_id!r}; labs with a quiz: "
             f"{', '.join(i for i, lab in labs.items() if has_quiz(lab)) or 'none'}")
    if not has_quiz(labs[lab_id]):
        fail(f"lab {lab_id!r} has no quiz")
    try:
        return load_quiz(labs[lab_id])
    except QuizError as exc:
        fail(exc, 1)


def _list_quizzes() -> None:
    table = Table(title="gradschool quizzes")
    for name in ("id", "title", "questions"):
        table.add_column(name, no_wrap=name != "title")
    for lab in load_labs().values():
        if has_quiz(lab):
            table.add_row(lab.id, lab.title, str(len(load_quiz(lab).questions)))
    table.caption = "answer one: gradschool quiz <id>"
    Console(soft_wrap=False).print(table)


def _show(console: Console, number: int, question: Question) -> None:
    console.print(f"\n[bold]{number}. {escape(question.text)}[/]")
    for letter, choice in zip(LETTERS, question.choices):
        console.print(f"   {letter}) {escape(choice.text)}")
    if question.kind == "number":
        console.print(f"   (a number; {question.decimals} decimals are enough)")


def _ask(console: Console, quiz: Quiz) -> int:
    """Ask every question; returns how many were answered right."""
    right = 0
    for number, question in enumerate(quiz.questions, 1):
        _show(console, number, question)
        while True:
            try:
                verdict = question.grade(Prompt.ask("   your answer", console=console))
                break
            except AnswerError as exc:
                console.print(f"   [yellow]{escape(str(exc))}[/]")
        right += verdict.correct
        mark = "[green]right[/]" if verdict.correct else "[red]wrong[/]"
        console.print(f"   {mark}: {escape(verdict.feedback)}")
    return right


def _answer_all(console: Console, quiz: Quiz, answers: str) -> int:
    """Grade `answers` (comma-separated, one per question); returns how many are right."""
    given = [a.strip() for a in answers.split(",")]
    if len(given) != len(quiz.questions):
        fail(f"--answers: quiz {quiz.lab!r} has {len(quiz.questions)} questions, "
             f"got {len(given)} answers")
    try:
        verdicts = [q.grade(a) for q, a in zip(quiz.questions, given)]
    except AnswerError as exc:
        fail(f"--answers: {exc}")
    for number, (question, verdict) in enumerate(zip(quiz.questions, verdicts), 1):
        mark = "right" if verdict.correct else "wrong"
        console.print(f"{number}. {question.id}: {mark}: {verdict.feedback}",
                      markup=False, highlight=False)
        if not verdict.correct:
            print(f"wrong: question {number} ({question.id}); the answer is "
                  f"{question.shown_answer}", file=sys.stderr)
    return sum(v.correct for v in verdicts)


@app.command()
def quiz(
    lab_id: Annotated[str | None, typer.Argument(
        metavar="LAB", show_default=False, help="The lab whose quiz to take.")] = None,
    answers: Annotated[str | None, typer.Option(
        "--answers", metavar="A,B,...", show_default=False,
        help="Answer every question at once: letters for choices, numbers for the rest.")
    ] = None,
) -> None:
    """Take a lab's quiz (without LAB: list the quizzes)."""
    if lab_id is None:
        _list_quizzes()
        return
    the_quiz = _quiz(lab_id)
    console = Console(soft_wrap=False)
    right = (_answer_all(console, the_quiz, answers) if answers is not None
             else _ask(console, the_quiz))
    total = len(the_quiz.questions)
    console.print(f"score: {right} of {total}", markup=False, highlight=False)
    if right != total:
        raise typer.Exit(1)


@app.command()
def exercises(
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="[LAB]...", show_default=False,
        help="Labs whose notebooks to write (default: every lab with exercises).")] = None,
    out: Annotated[Path, typer.Option(
        "--out", "-o", metavar="DIR", help="Where the student notebooks go.")] = Path("student"),
    notebooks: Annotated[Path | None, typer.Option(
        "--notebooks", metavar="DIR", show_default=False,
        help="The reference notebooks (default: ./notebooks, else the checkout's).")] = None,
) -> None:
    """Write student notebooks: every exercise's solution replaced by what to write."""
    try:
        written = write_student_notebooks(ids or [], out, notebooks)
    except NotebookError as exc:
        fail(exc)
    for path in written:
        print(path)


@app.command()
def check(
    notebook: Annotated[Path, typer.Argument(
        metavar="NOTEBOOK", help="A lab notebook with your exercises filled in.")],
    timeout: Annotated[int, typer.Option(
        "--timeout", metavar="S", help="Time limit for each cell, in seconds.")] = 600,
) -> None:
    """Run a notebook, then check each of its exercises with the lab's checks."""
    try:
        report = check_notebook(notebook, timeout=timeout)
    except NotebookError as exc:
        fail(exc)
    table = Table(title=f"{notebook.name}: lab {report.lab}")
    for name in ("exercise", "result", "why"):
        table.add_column(name, no_wrap=name != "why")
    for outcome in report.outcomes:
        mark = "[green]passed[/]" if outcome.passed else "[red]failed[/]"
        table.add_row(outcome.exercise, mark, escape(outcome.reason))
    passed = sum(o.passed for o in report.outcomes)
    table.caption = (f"{passed} of {len(report.outcomes)} passed; "
                     f"{len(report.cell_errors)} cell(s) raised an error")
    Console(soft_wrap=False, width=120).print(table)
    if not report.passed:
        raise typer.Exit(1)
