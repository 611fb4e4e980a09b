"""Parameter runs: every mistake issue 14 lists gives one clear line, exit 2, and writes nothing.

The values the messages must name come from the committed panel as the README's "Data"
section describes it: every province has a composite from 2006 (official VCCI workbooks;
2005 covers 42 provinces), so the full years start in 2006, and 2004 and 2030 have no data;
the catalogue knows "Lai Châu" and "Hà Tĩnh" (data/provinces.csv).
"""

from __future__ import annotations

import pytest

from analysis.__main__ import main
from analysis.core import paths
from analysis.outputs import parameters as P

CELL = """province = "Lai Châu"
provinces = ["Lai Châu", "Điện Biên"]  # focus provinces
year = None  # None: the latest full year
target_years = [2025, 2030]
draws = 10000
lang = "vi"  # "vi", "en" or "both"
"""


def test_declared_reads_names_defaults_and_comments():
    d = P.declared(CELL)
    assert list(d) == ["province", "provinces", "year", "target_years", "draws", "lang"]
    assert d["target_years"].default == [2025, 2030]
    assert d["year"].default is None and d["year"].comment == "None: the latest full year"


def test_types_follow_the_defaults():
    d = P.declared(CELL)
    assert P.coerce("provinces", "Hà Tĩnh", d["provinces"].default) == ["Hà Tĩnh"]
    assert P.coerce("provinces", "Hà Tĩnh, Lai Châu", d["provinces"].default) == ["Hà Tĩnh", "Lai Châu"]
    assert P.coerce("target_years", 2030, d["target_years"].default) == [2030]
    with pytest.raises(P.ParameterError, match=r"draws expects a whole number .*not 'many'"):
        P.coerce("draws", "many", d["draws"].default)
    with pytest.raises(P.ParameterError, match="province expects text"):
        P.coerce("province", ["a", "b"], d["province"].default)


def test_values_are_checked_against_the_data():
    d = P.declared(CELL)
    assert P.validate({"provinces": "ha tinh"}, d) == {"provinces": ["Hà Tĩnh"]}
    with pytest.raises(P.ParameterError, match=r"unknown province 'Lai Chou'.*Lai Châu"):
        P.validate({"province": "Lai Chou"}, d)
    with pytest.raises(
        P.ParameterError, match=r"no full cross-section of provinces in 2030; years with every province: 2006–20\d\d"
    ):
        P.validate({"year": 2030}, d)
    with pytest.raises(P.ParameterError, match=r"target_years: 2015 is not a future year"):
        P.validate({"target_years": 2015}, d)
    with pytest.raises(P.ParameterError, match=r"'fr' is not one of vi, en, both"):
        P.validate({"lang": "fr"}, d)
    with pytest.raises(P.ParameterError, match=r"unknown parameter 'provnce'; did you mean 'province'"):
        P.validate({"provnce": "Hà Tĩnh"}, d)


MISTAKES = [
    (
        ["--only", "01_subindex_trends", "-p", "provnce", "Hà Tĩnh"],
        r"01_subindex_trends: unknown parameter 'provnce'; did you mean 'province'\?",
    ),
    (
        ["--only", "02_compare_provinces", "-p", "year", "2030"],
        r"02_compare_provinces: parameter year: no full cross-section of provinces in 2030; years with every province: 2006–20\d\d",
    ),
    # data/pci_panel.csv: 2020–2022 hold every province's composite (research panel, pages) but no sub-index:
    # the comparison would crash on the missing sub-indices (issue 23), so the check refuses
    (
        ["--only", "02_compare_provinces", "-p", "year", "2021"],
        r"parameter year: 2021 has every province's composite but not their sub-indices, which the comparison needs; "
        r"years with both: 2006–2019, 2023",
    ),
    (
        ["--only", "02_compare_provinces", "-p", "year", "2004"],
        r"parameter year: no full cross-section of provinces in 2004",
    ),
    (
        ["--only", "02_compare_provinces", "-p", "provinces", "Hà Tĩnhh"],
        r"parameter provinces: unknown province 'Hà Tĩnhh'; closest known names: Hà Tĩnh",
    ),
    (
        ["--only", "03_target_reachability", "-p", "draws", "many"],
        r"parameter draws expects a whole number \(like [0-9]+\), not 'many'",
    ),
    (
        ["--only", "03_target_reachability", "-p", "target_years", "2010"],
        r"parameter target_years: 2010 is not a future year",
    ),
    (["--only", "00_data_overview", "-p", "lang", "fr"], r"parameter lang: 'fr' is not one of vi, en, both"),
    (["--only", "02_compare_provinces", "-p", "map", "50"], r"parameter map: '50' is not one of 63, 34, both"),
]


@pytest.mark.parametrize("argv,message", MISTAKES, ids=[" ".join(a[3:]) for a, _ in MISTAKES])
def test_each_mistake_gives_one_line_exit_2_and_writes_nothing(argv, message, capsys):
    code = main(["report", *argv])
    out = capsys.readouterr()
    text = (out.out + out.err).strip()
    assert code == 2
    assert len(text.splitlines()) == 1, text
    assert "Traceback" not in text and "tables:" not in text
    import re

    assert re.search(message, text), text
    assert not paths.reports_dir().exists() or not any(paths.reports_dir().rglob("*.html"))


def test_a_map_typed_as_a_number_is_the_map_code():
    assert P.coerce("map", 34, "63") == "34"  # `-p map 34` arrives as the number 34
    assert P.CHECKS["map"]("map", "34") == "34"


def test_a_single_value_where_a_list_is_expected_is_accepted():
    from analysis.outputs import report

    nb = report.read_notebook(paths.notebooks_dir() / "02_compare_provinces.py")
    assert report.check_parameters(nb, {"provinces": "Hà Tĩnh"}) == {"provinces": ["Hà Tĩnh"]}
    nb = report.read_notebook(paths.notebooks_dir() / "03_target_reachability.py")
    assert report.check_parameters(nb, {"target_years": 2030}) == {"target_years": [2030]}


def test_every_notebooks_own_defaults_pass_the_checks():
    """A parameter named like one of CHECKS must mean that thing: its default passes the check."""
    from analysis.outputs import report

    for src in report.notebook_sources():
        decl = report.declared_parameters(report.read_notebook(src))
        assert "lang" in decl, f'{src.name}: declare lang = "vi" in the parameters cell'
        defaults = {k: d.default for k, d in decl.items() if d.default is not None}
        P.validate(defaults, decl)
