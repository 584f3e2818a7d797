"""Markdown to HTML for the lab pages: a lab's explanation is Markdown.

CommonMark with tables (for the published-numbers tables some labs carry)
and inline HTML allowed (for `<sup>`/`<sub>` and for records written before
the explanations moved to Markdown, which held HTML). The text is the lab
author's, trusted as the code is; nothing from a user's input is rendered here.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")


def render_markdown(text: str) -> Markup:
    """The HTML of the Markdown `text`, marked safe for the page template."""
    return Markup(_parser().render(text))
