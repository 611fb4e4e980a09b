"""Report pages and prose: language selection, the summary first, contents (no kernel needed)."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.core.prose import Prose
from analysis.outputs import pages

MD = """## 4. Khoảng cách tới tỉnh dẫn đầu / Distance to the frontier
<!-- vi -->
Đoạn tiếng Việt.
<!-- en -->
English paragraph.
<!-- all -->
Both: `code`."""


@pytest.mark.parametrize(
    "lang,heading,kept,dropped",
    [
        ("vi", "## 4. Khoảng cách tới tỉnh dẫn đầu", "Đoạn tiếng Việt.", "English paragraph."),
        ("en", "## 4. Distance to the frontier", "English paragraph.", "Đoạn tiếng Việt."),
    ],
)
def test_markdown_keeps_the_runs_language(lang, heading, kept, dropped):
    out = pages.localise_markdown(MD, lang)
    assert out.splitlines()[0] == heading
    assert kept in out and dropped not in out and "Both: `code`." in out and "<!--" not in out


def test_both_keeps_everything_but_the_markers():
    out = pages.localise_markdown(MD, "both")
    assert out.splitlines()[0] == "## 4. Khoảng cách tới tỉnh dẫn đầu / Distance to the frontier"
    assert "Đoạn tiếng Việt." in out and "English paragraph." in out and "<!--" not in out


def test_a_heading_with_two_slashes_is_left_alone():
    assert pages.heading_text("PCI / PAPI / GSO", "en") == "PCI / PAPI / GSO"


def _nb():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Tiêu đề / Title"),
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_markdown_cell("## Một / One"),
        nbformat.v4.new_code_cell("x"),
        nbformat.v4.new_markdown_cell("## Tóm tắt / What this shows"),
        nbformat.v4.new_code_cell("print('answer')"),
    ]
    return nb


def test_the_summary_moves_up_with_contents_after_it():
    page = pages.build_page(_nb(), lang="en", params={"province": "Điện Biên", "target_years": [2025, 2030]})
    src = [c.source for c in page.cells]
    assert src[0] == "# 01 · Title" and page.metadata["title"] == "01 · Title"
    assert "`province` = Điện Biên; `target_years` = 2025, 2030" in src[1]
    assert src[2] == "## What this shows" and src[3] == "print('answer')"
    assert src[4].startswith("## Contents") and "- [One](#section-1)" in src[4]
    assert '<a id="section-1"></a>' in src[-2] and "What this shows" not in "".join(src[5:])


def test_the_answer_comes_before_the_introduction():
    """A title cell with an introduction: the page gives the title, the summary, then the introduction."""
    nb = _nb()
    nb.cells[0].source = "# 03 · Mục tiêu / Targets\n<!-- vi -->\nGiới thiệu dài.\n<!-- en -->\nA long introduction."
    src = [c.source for c in pages.build_page(nb, lang="en").cells]
    assert src[0] == "# 03 · Targets"
    assert src[1] == "## What this shows" and src[2] == "print('answer')"
    assert src[3] == "A long introduction." and src[4].startswith("## Contents")


def test_the_same_notebook_gives_the_same_page_bytes():
    """Cells the page adds get fixed ids (nbformat would draw random ones), so a rerun rewrites the same HTML."""
    nb = _nb()
    a = pages.to_html(pages.build_page(nb, lang="vi", params={"province": "Lai Châu"}))
    b = pages.to_html(pages.build_page(nb, lang="vi", params={"province": "Lai Châu"}))
    assert 'id="cell-id=page-summary-heading"' in a and a == b


def test_the_summary_tag_wins_over_the_heading():
    nb = _nb()
    nb.cells[3].metadata["tags"] = ["summary"]
    assert pages.summary_index(nb) == 3


def test_prose_in_each_language():
    assert Prose("vi")("Tăng.", "Rose.") == "Tăng."
    assert Prose("en")("Tăng.", "Rose.") == "Rose."
    assert Prose("both")("Tăng.", "Rose.") == "Tăng.\n\nRose."
    assert Prose("both")("- Tăng.", "- Rose.") == "- Tăng.\n- Rose."
    assert Prose("both").word("không có", "none") == "không có / none"
    assert Prose("en").pct(0.42) == "42%" and Prose("vi").pct(float("nan")) == "–"
    assert Prose("en").signed(1.234) == "+1.23" and Prose("vi").signed(1.234) == "+1,23"
    assert Prose("vi").signed(None) == "–"
    with pytest.raises(ValueError, match="lang must be"):
        Prose("fr")


def test_widget_ids_are_numbered_not_random():
    """ipywidgets draws each model id at random and nbconvert each widget view's <div> id: the page numbers
    them in order of appearance, consistently wherever they are referred to (05's page, rerun, same bytes)."""

    def page(model_ids):
        nb = nbformat.v4.new_notebook()
        a, b = model_ids
        nb.metadata["widgets"] = {
            "application/vnd.jupyter.widget-state+json": {
                "version_major": 2,
                "version_minor": 0,
                "state": {
                    a: {
                        "model_name": "LayoutModel",
                        "model_module": "@jupyter-widgets/base",
                        "model_module_version": "2.0.0",
                        "state": {},
                    },
                    b: {
                        "model_name": "VBoxModel",
                        "model_module": "@jupyter-widgets/controls",
                        "model_module_version": "2.0.0",
                        "state": {"layout": f"IPY_MODEL_{a}", "children": []},
                    },
                },
            }
        }
        cell = nbformat.v4.new_code_cell("app.ui")
        cell.outputs = [
            nbformat.v4.new_output(
                "execute_result",
                {
                    "application/vnd.jupyter.widget-view+json": {"version_major": 2, "version_minor": 0, "model_id": b},
                    "text/plain": "VBox()",
                },
                execution_count=1,
            )
        ]
        cell["id"] = "c1"
        nb.cells = [cell]
        return pages.to_html(nb)

    first = page(["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"])
    second = page(["aaaaaaaabbbbbbbbccccccccdddddddd", "11111111222222223333333344444444"])
    assert first == second
    assert "0123456789abcdef" not in first and "IPY_MODEL_" in first and "getElementById" in first


def test_a_page_is_self_contained_and_declares_the_runs_language():
    """nbconvert's template loads require.js and MathJax from a CDN and declares lang="en": a page opened offline
    must not fetch anything, and a Vietnamese page must say it is Vietnamese (the before-stop probe of issue 23)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 00 · Dữ liệu\n\nĐiểm 66,48.")]
    vi, en = pages.to_html(nb, lang="vi"), pages.to_html(nb, lang="en")
    assert '<html lang="vi">' in vi[:300] and '<html lang="en">' in en[:300]
    assert pages.to_html(nb, lang="both").count('<html lang="vi">') == 1
    for html in (vi, en):
        assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="https?://', html)
        assert "Điểm 66,48." in html
