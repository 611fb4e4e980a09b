"""The explorer's plain functions and its widget callback, without a frontend.

Values: PCI_2018.xlsx, sheet 'Summary', row 35 (Lai Chau): B35 rank 62, C35 composite
58.327980041503906; Lai Châu 2019 composite 59.95 from seed 002 (Quyết định 688/QĐ-UBND),
Phụ lục 03, line 1471 — a provincial document, drawn hollow.
"""

from __future__ import annotations

import pytest

from analysis.data.loaders import load_pci
from analysis.outputs import explorer


@pytest.fixture(scope="session")
def panel():
    return load_pci()


def test_selection_mistakes_are_one_clear_line(panel):
    with pytest.raises(ValueError, match="unknown province 'Atlantis'"):
        explorer.selection(panel, ["Atlantis"])
    with pytest.raises(ValueError, match=r"unknown indicator 'pcii'"):
        explorer.selection(panel, "Lai Châu", "pcii")
    with pytest.raises(ValueError, match=r"years 2030–2031: pci has data for 2005–\d{4}"):
        explorer.selection(panel, "Lai Châu", years=(2030, 2031))
    with pytest.raises(ValueError, match="measure"):
        explorer.selection(panel, "Lai Châu", measure="points")
    # a single name where a list is expected is accepted, any spelling resolves
    sel = explorer.selection(panel, "lai chau", years=(2016, 2020))
    assert sel.provinces == ("Lai Châu",) and sel.years == (2016, 2020)


def test_data_carry_values_and_source_kinds(panel):
    sel = explorer.selection(panel, ["Lai Châu", "Điện Biên"], "pci", (2005, 2020))
    d = explorer.explorer_data(panel, sel).set_index(["province", "year"])
    # PCI_2018.xlsx, sheet 'Summary', row 35 (Lai Chau): C35 composite, B35 rank
    assert d.loc[("Lai Châu", 2018), "score"] == pytest.approx(58.327980041503906)
    assert d.loc[("Lai Châu", 2018), "rank"] == 62
    # data/pci_panel.csv line 9870: 2020, 61.98 from pcivietnam.vn (pcivietnam_values_2006_2022.csv line 281)
    assert d.loc[("Lai Châu", 2020), "score"] == pytest.approx(61.98)
    assert d.loc[("Lai Châu", 2020), "source_kind"] == "official_page"
    # PCI 2005 covered 42 provinces, not Điện Biên: missing stays missing, never zero
    assert pd_isna(d.loc[("Điện Biên", 2005), "score"])


def test_the_chart_names_every_source_kind_it_draws_hollow(panel):
    from analysis.data.catalog import source_kind_label

    sel = explorer.selection(panel, ["Lai Châu"], "pci", (2016, 2023))
    fig = explorer.explorer_figure(explorer.explorer_data(panel, sel), sel)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    # 2016-2019 workbooks (filled), 2020 pcivietnam.vn page, 2021-2022 research panel, 2023 derived: each named
    for kind in ("official_page", "research_panel", "derived"):
        assert source_kind_label(kind, "vi") in labels, labels
    assert source_kind_label("official_workbook", "vi") not in labels  # filled markers need no entry


def pd_isna(x) -> bool:
    import pandas as pd

    return bool(pd.isna(x))


def test_show_saves_a_chart_named_by_its_selection(panel, tmp_path):
    sel, fig, table, written = explorer.show(panel, ["Lai Châu"], "pci", (2013, 2020), "rank", directory=tmp_path)
    assert written["png"].exists() and written["svg"].exists()
    assert written["png"].name == "explorer_pci_rank_2013_2020_laichau_vi.png"
    assert table.loc[2018, "Lai Châu"] == 62  # PCI_2018.xlsx, sheet 'Summary', cell B35 (Lai Chau's rank)
    assert fig.axes[0].yaxis_inverted()  # rank 1 at the top


def test_widget_callback_runs_headless(panel, tmp_path):  # ipywidgets is a dependency: never skipped
    app = explorer.explorer_app(panel, ["Lai Châu", "Điện Biên"], "pci", (2013, 2018), directory=tmp_path)
    first = sorted(p.name for p in tmp_path.glob("*.png"))
    assert first == ["explorer_pci_score_2013_2018_laichau-dienbien_vi.png"]  # drawn once with the defaults
    app.controls["indicator"].value = "transparency"  # the observer calls the callback
    app.controls["provinces"].value = ("Điện Biên",)
    names = {p.name for p in tmp_path.glob("*.png")}
    assert "explorer_transparency_score_2013_2018_laichau-dienbien_vi.png" in names
    assert "explorer_transparency_score_2013_2018_dienbien_vi.png" in names
    assert app.values()["provinces"] == ["Điện Biên"]


def test_app_show_reuses_the_last_draw_and_draws_again_after_a_change(panel, tmp_path):
    """Notebook 05 shows the current selection again under the controls: the app's own draw, not a second one."""
    app = explorer.explorer_app(panel, ["Lai Châu", "Điện Biên"], "pci", (2013, 2018), directory=tmp_path)
    png = tmp_path / "explorer_pci_score_2013_2018_laichau-dienbien_vi.png"
    png.unlink()  # a second draw would write it again
    shown = []
    sel, fig, table, written = app.show(display=shown.append)
    assert (sel, fig) == app.last[:2] and written["png"] == png and not png.exists()
    assert shown[0] is fig and shown[1].loc[2018, "Lai Châu"] == f"{table.loc[2018, 'Lai Châu']:.2f}".replace(".", ",")
    app.controls["measure"].value = "rank"  # the callback draws the new selection: shown from that draw
    sel2, fig2, table2, _ = app.show()
    # Lai Châu 2018: rank 62 of 63 (PCI_2018.xlsx, sheet 'Summary', cell B35)
    assert sel2.measure == "rank" and fig2 is not fig and table2.loc[2018, "Lai Châu"] == 62
