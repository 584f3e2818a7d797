"""Independent answers to the quizzes' numeric questions, one module per lab.

`tests/quiz_oracles/<module>.py` holds `ORACLES = {question id: function}`;
each function computes the answer again, independently of the quiz's own
expression (with NumPy, PyTorch or the closed form), and tests/test_quiz.py
checks that every numeric question has one and that they agree.
"""
