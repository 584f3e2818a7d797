"""The HTML report: self-contained, readable on a phone, every image loading in a real browser.

The browser test opens the report of a demo-lab run in headless Chromium over
the DevTools Protocol (tests/browser.py). Where Chromium is missing, the
set-up installs Debian's `chromium` with apt-get when it can (root); where no
browser can be had the test is skipped with the reason, except under CI
(CI=true), where that is a failure.
"""
from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pytest

from gradschool.labs import PARTS
from gradschool.report import (
    Curriculum,
    atomic_write_json,
    atomic_write_text,
    read_records,
    render_index,
    save_figure,
    to_jsonable,
)
from gradschool.report.render import render_value
from gradschool.runner import run_labs
from tests.demo_support import demo_labs


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    """The report of a run of both demo labs (one of them failing)."""
    out = tmp_path_factory.mktemp("report") / "runs"
    with pytest.MonkeyPatch.context() as mp, demo_labs(mp):
        records = run_labs(["demo-sine", "demo-fragile"], out_dir=out, overrides={"fail": True})
    assert [r["status"] for r in records] == ["ok", "failed"]
    return out


IMAGES_JS = """Promise.all(Array.from(document.images).map(
    img => img.decode().catch(() => null).then(() => [img.src, img.naturalWidth])))"""
OVERFLOW_JS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def check_page(page, url: str) -> int:
    """Images load, only file:// URLs are requested, no errors, no sideways scroll."""
    images = page.evaluate(IMAGES_JS)
    assert all(width > 0 for _, width in images), f"{url}: broken images {images}"
    requested = page.requested_urls()
    assert url in requested and all(src in requested for src, _ in images), requested
    assert all(u.startswith("file://") for u in requested), f"{url}: fetched {requested}"
    assert page.errors() == [], f"{url}: {page.errors()}"
    scroll, client = page.evaluate(OVERFLOW_JS)
    assert scroll <= client, f"{url}: {scroll}px wide in a {client}px viewport"
    return len(images)


@pytest.mark.parametrize("width", [1280, 390], ids=["laptop", "phone"])
def test_report_in_a_browser(browser, report_dir, width):
    page = browser.new_page()
    index = (report_dir / "index.html").as_uri()
    page.goto(index, width=width)
    assert check_page(page, index) == 1  # the one thumbnail: the failed lab has no figure
    links = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    lab_pages = sorted({u for u in links if u.endswith("/index.html") and u != index})
    assert [u.rsplit("/", 2)[1] for u in lab_pages] == ["demo-fragile", "demo-sine"]
    for url in lab_pages:
        page.goto(url, width=width)
        shown = check_page(page, url)
        assert shown == (2 if "demo-sine" in url else 0)


def test_the_browser_checks_can_fail(browser, tmp_path):
    """The monitors do see network requests, broken images and console errors."""
    html = tmp_path / "bad.html"
    html.write_text('<img src="http://127.0.0.1:9/x.png"><img src="missing.png">'
                    '<script>console.error("boom")</script><div style="width:3000px">x</div>')
    page = browser.new_page()
    page.goto(html.as_uri(), width=390)
    assert "http://127.0.0.1:9/x.png" in page.requested_urls()
    assert any("boom" in e for e in page.errors())
    assert [w for _, w in page.evaluate(IMAGES_JS)] == [0, 0]
    scroll, client = page.evaluate(OVERFLOW_JS)
    assert scroll > client


def test_pages_are_self_contained(report_dir):
    pages = sorted(report_dir.rglob("index.html"))
    assert len(pages) == 3
    for page in pages:
        html = page.read_text()
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        assert "<style>" in html and "grid-template-columns" in html
        for banned in ("http://", "https://", "<script src", "<link", "@import", "url("):
            assert banned not in html, f"{page}: {banned}"
        for src in re.findall(r'src="([^"]+)"', html):
            assert ":" not in src and not src.startswith("/"), src
            assert (page.parent / src).is_file(), src


def test_cards_follow_the_curriculum_grouped_by_part():
    curriculum = Curriculum(labs=("softmax", "xor", "tensors"), parts=PARTS)
    records = [{"lab": lab, "title": lab.upper(), "part": part, "status": "ok"}
               for lab, part in [("zzz-extra", "demo"), ("tensors", "maths"),
                                 ("xor", "networks"), ("softmax", "maths")]]
    html = render_index(records, curriculum=curriculum)
    order = [html.index(f'id="lab-{lab}"') for lab in ("softmax", "tensors", "xor", "zzz-extra")]
    assert order == sorted(order)
    parts = [html.index(f'id="part-{p}"') for p in ("maths", "networks", "demo")]
    assert parts == sorted(parts)


def test_metrics_render_readably_and_escaped():
    html = str(render_value({"loss": list(np.linspace(1, 0, 500)), "x": "<b>",
                             "rows": [{"a": 1}, {"a": 2, "b": None}]}))
    assert "n 500" in html and "first" in html and "<svg" in html  # summary + sparkline
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert "<th>a</th><th>b</th>" in html


def test_to_jsonable_makes_strict_json():
    value = {"nan": float("nan"), "inf": -math.inf, "np": np.float32(0.5), "i": np.int64(3),
             "arr": np.arange(3), "t": (1, 2), 4: {"b": np.bool_(True)}, "p": Path("a/b")}
    plain = to_jsonable(value)
    assert plain == {"nan": "nan", "inf": "-inf", "np": 0.5, "i": 3, "arr": [0, 1, 2],
                     "t": [1, 2], "4": {"b": True}, "p": "a/b"}
    json.dumps(plain, allow_nan=False)


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "metrics.json"
    atomic_write_json(target, {"v": 1})

    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "half")
    assert json.loads(target.read_text()) == {"v": 1}
    assert [p.name for p in tmp_path.iterdir()] == ["metrics.json"]


def test_save_figure_writes_atomically_and_closes(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for name in ("a.svg", "b.png"):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [1, 0])
        save_figure(fig, tmp_path / name)
        assert not plt.fignum_exists(fig.number)
    assert (tmp_path / "a.svg").read_text().lstrip().startswith("<?xml")
    assert (tmp_path / "b.png").read_bytes()[:4] == b"\x89PNG"
    fig = plt.figure()
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        save_figure(fig, tmp_path / "c.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.svg", "b.png"]


def test_unreadable_metrics_are_skipped(tmp_path, capsys):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "metrics.json").write_text("{not json")
    (tmp_path / "ok").mkdir()
    atomic_write_json(tmp_path / "ok" / "metrics.json", {"lab": "ok", "status": "ok"})
    assert [r["lab"] for r in read_records(tmp_path)] == ["ok"]
    assert "skipping" in capsys.readouterr().err
