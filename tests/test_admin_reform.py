"""Administrative-reform tables, paths, gaps and charts (notebook 04's library).

Values cite seed 002 (``002_0b651ac042bb2fe9.txt``, Decision 688/QĐ-UBND, Lai Châu) by line;
the data read are the committed ``data/`` tables (these tests never skip).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import analysis
from analysis.analyses import admin_reform as ar
from analysis.analyses import ledger
from analysis.outputs.charts import admin_reform as charts


@pytest.fixture(scope="session")
def par():
    return analysis.load_par_index()


@pytest.fixture(scope="session")
def full(par):
    return analysis.target_ledger(
        analysis.load_targets(), panel=analysis.load_pci(), papi=analysis.load_papi(), par_index=par
    )


def test_every_target_index_has_bilingual_labels():
    for index in analysis.load_targets()["index"].unique():
        assert ar.index_label(index, "vi") and ar.index_label(index, "en")
    with pytest.raises(KeyError, match="no label"):
        ar.index_label("made-up index")


def test_par_index_summary_reads_appendix_04(par):
    s = ar.par_index_summary(ar.par_index_rows(par, "Lai Châu"))
    # seed 002 Phụ lục 04, total row: line 1940 "67,41" (2016, rank 53 at line 1942),
    # line 1952 "79,51" (2019, rank 51 at line 1954)
    assert (s["first_year"], s["first_score"], s["first_rank"]) == (2016, 67.41, 53)
    assert (s["last_year"], s["last_score"], s["last_rank"]) == (2019, 79.51, 51)
    assert ar.par_index_summary(ar.par_index_rows(par, "Hà Tĩnh")) == {}  # no PAR INDEX held for Hà Tĩnh


def test_par_index_wide_keeps_text_ranks(par):
    wide = ar.par_index_wide(ar.par_index_rows(par, "Lai Châu"), "en")
    assert list(wide.columns) == [2016, 2017, 2018, 2019]
    assert wide.loc["total", 2019] == "79.51 (51)"
    # 2016 organisational structure: rank written as text ("Nằm trong tốp 38 tỉnh đạt điểm tối đa")
    assert "tốp 38" in wide.loc["organisational structure", 2016]


def test_gap_at_the_target_year_by_hand(full):
    g = ar.gap_table(ar.admin_targets(full, "Lai Châu")).set_index("target_id")
    # ranks 53 (2016) -> 51 (2019): +2/3 place a year; carried on from 51 to 2030: 51 - 11 * 2/3 = 43.67;
    # the 2030 band 32-40 (seed 002 Phụ lục 01) aims at 40: 3.67 places short
    r = g.loc["laichau_par_index_rank_2030_appendix01"]
    assert r["straight_line_at_target"] == pytest.approx(51 - 11 * 2 / 3)
    assert r["gap_at_target"] == pytest.approx(51 - 11 * 2 / 3 - 40)
    # 2025: 51 - 6 * 2/3 = 47, inside 45-50: negative gap (3 places better than 50)
    assert g.loc["laichau_par_index_rank_2025_appendix01", "gap_at_target"] == pytest.approx(-3.0)
    # a percentage target has no past pace: no straight line, no gap
    assert pd.isna(g.loc["laichau_online_files_commune_2025", "gap_at_target"])


def test_paths_start_where_the_requirement_starts(full, par):
    rows = ar.admin_targets(full, "Lai Châu")
    p = ar.target_paths(rows, par)
    req = p[(p["target_id"] == "laichau_online_files_commune_2025") & (p["path"] == "required")]
    # seed 002 Phụ lục 01 §II: 0% (2016-2020) -> 60% at commune level by 2025
    assert req[["year", "value"]].values.tolist() == [[2020, 0.0], [2025, 60.0]]
    obs = p[(p["target_id"] == "laichau_par_index_rank_2025_appendix01") & (p["path"] == "observed")]
    assert obs["value"].tolist() == [53.0, 57.0, 58.0, 51.0]  # Phụ lục 04 total ranks 2016-2019


def test_admin_targets_exclude_the_pci_family_and_keep_baselines(full):
    db = ar.admin_targets(full, "Điện Biên")
    assert not db["index"].isin(["PCI", "pci_subindex_each"]).any()
    assert set(db.loc[db["row_type"] == "baseline", "index"]) == {"PAR INDEX", "SIPAS"}
    can, cannot = ar.judgeable(db)
    assert len(can) == 0 and (cannot["status"] == ledger.STATUS_NO_DATA).all()


@pytest.mark.parametrize("province", ["Lai Châu", "Hà Tĩnh", "Quảng Ninh", "Điện Biên"])
def test_charts_keep_every_label_inside_the_canvas(full, par, province, tmp_path):
    rows = ar.admin_targets(full, province)
    figs = [
        charts.rank_target_paths(ar.target_paths(rows, par), rows, "both"),
        charts.percentage_targets(ar.gap_table(rows), "both"),
    ]
    pr = ar.par_index_rows(par, province)
    if len(pr):
        figs += [charts.par_index_total(pr, province, "both"), charts.par_index_components(pr, "both")]
    for k, fig in enumerate(figs):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # e.g. "constrained_layout not applied"
            # the SVG (and its layout record) only: the raster drawing is the canvas draw below, also
            # without any warning
            analysis.save_figure(fig, f"t{k}", source="test", directory=tmp_path, with_png=False)
            fig.canvas.draw()  # lay out at the figure's own dpi, as the house-style tests do
        renderer = fig.canvas.get_renderer()
        w, h = fig.get_size_inches()
        tight = fig.get_tightbbox(renderer)  # every drawn artist, in inches
        assert tight.x0 >= -0.02 and tight.y0 >= -0.02, (province, k, tight)
        assert tight.x1 <= w + 0.02 and tight.y1 <= h + 0.02, (province, k, tight)


@pytest.fixture(scope="session")
def lai_chau(par):
    return ar.province_reform("Lai Chau", analysis.load_targets(), analysis.load_pci(), analysis.load_papi(), par)


def test_province_reform_resolves_the_name_and_keeps_the_ledger_whole(lai_chau):
    assert (lai_chau.province, lai_chau.code) == ("Lai Châu", "12")
    # data/seed_targets.csv: 58 rows (59 lines with the header); the ledger keeps every one
    assert len(lai_chau.full) == 58 == len(lai_chau.ledger_rows()) + int((lai_chau.full["province_code"] != "12").sum())
    # seed 002 Phụ lục 04 is the only PAR INDEX source (Decision 688/QĐ-UBND)
    assert lai_chau.par_source.endswith(", Phụ lục 04 (002_0b651ac042bb2fe9.txt)")
    assert "002_0b651ac042bb2fe9.txt" in lai_chau.docs and lai_chau.ledger_source().startswith("seed documents ")


def test_par_index_summary_line_uses_appendix_04_and_01(lai_chau):
    lines = ar.summary_lines(lai_chau, "en")
    # Phụ lục 04 total: 67.41, rank 53 (2016, lines 1940/1942) -> 79.51, rank 51 (2019, lines 1952/1954)
    assert "- PAR INDEX: 67.41 points, rank 53 (2016) → 79.51 points, rank 51 (2019)." in lines
    # Phụ lục 01, line 1059: 2030 band 32–40; at +2/3 place a year from 51 (2019) it would rank 44 in 2030,
    # 3.7 places short of 40
    gap30 = [ln for ln in lines if "2030" in ln and ln.startswith("- PAR INDEX") and "short" in ln]
    assert len(gap30) == 1 and "would rank 44 in 2030, still 3.7 places short of 40." in gap30[0]
    # line 1056: 2025 band 45–50; 51 - 6 × 2/3 = 47 -> 3.0 places better than 50
    assert any("3.0 places better than 50." in ln for ln in lines)


def test_summary_lines_follow_lang(lai_chau):
    vi, en, both = (ar.summary_lines(lai_chau, lang) for lang in ("vi", "en", "both"))
    assert len(vi) == len(en) == len(both)
    assert vi[1].startswith("- PAR INDEX: 67,41 điểm, hạng 53 (2016)") and en[1].startswith("- PAR INDEX: 67.41 points")
    assert both[1] == f"{vi[1]}\n{en[1]}"


def test_views_label_indices_in_the_run_language(lai_chau):
    g = ar.gap_view(lai_chau.gaps, "en")
    # catalog_data/target_indices.csv, line 4: the English name of PAR INDEX
    assert list(g.columns) == ar.GAP_VIEW_COLUMNS
    assert "Public Administration Reform Index (PAR INDEX)" in set(g["index"])
    need = ar.data_needed_view(lai_chau.cannot, "vi")
    assert set(need["data_needed"]) <= set(lai_chau.cannot["data_needed_vi"])
    assert not need.duplicated(["index", "data_needed"]).any() and isinstance(need.index, pd.RangeIndex)
    both = ar.data_needed_view(lai_chau.cannot, "both")  # a bilingual run: each need in both languages
    assert all(" / " in x for x in both["data_needed"] if x) and set(both["data_needed"]) - {""}


def test_a_province_without_par_index_is_told_what_the_data_hold(par):
    """Seed 002 (Decision 688/QĐ-UBND, Lai Châu) Phụ lục 04 gives PAR INDEX 2016 (line 1940) to 2019 (line 1952)."""
    from analysis.core.prose import Prose

    assert ar.no_par_note(Prose("en"), "Hà Tĩnh", par) == (
        "The data hold no PAR INDEX for Hà Tĩnh (only Lai Châu 2016–2019, from Decision 688/QĐ-UBND (Lai Châu))."
    )
    assert "Lai Châu 2016–2019, theo Quyết định 688/QĐ-UBND" in ar.no_par_note(Prose("vi"), "Hà Tĩnh", par)
    assert "any province" in ar.no_par_note(Prose("en"), "Hà Tĩnh", par.iloc[0:0])
