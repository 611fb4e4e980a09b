"""Issue 20: an edition is the year its content is, whatever its name, ``--year`` or ``--replace`` say.

Every case is built from the real files in ``../shared`` (copied, renamed, a few values altered) and
imported into a private copy of the committed ``data/`` (``data_copy``); a refusal leaves every file
byte-identical (``store.checksums``) and prints one line naming both years.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

import analysis.core.paths
from analysis.core import store
from analysis.data import loaders
from analysis.ingest import importer
from analysis.ingest.edition_identity import EditionOfAnotherYearError, compare_with_years
from analysis.ingest.fingerprint import FINGERPRINTS_TABLE, fingerprints
from hostile import corpus

pytestmark = pytest.mark.shared

WB = analysis.core.paths.pci_workbooks_dir()


def _copy(src: str, folder: Path, name: str) -> Path:
    return Path(shutil.copyfile(WB / src, folder / name))


def _refused(path: Path, data: Path, capsys, *args: str) -> str:
    """The CLI refuses ``path`` (exit 1) with one line, and data/ is byte-identical afterwards."""
    before = store.checksums(data)
    capsys.readouterr()
    t0 = time.perf_counter()
    assert importer.cli_import_workbook([str(path), "--data-dir", str(data), *args]) == 1
    elapsed = time.perf_counter() - t0
    err = capsys.readouterr().err.strip()
    assert store.checksums(data) == before and not (data / store.TXN_DIR).exists()
    assert len(err.splitlines()) == 1, err
    print(f"{path.name} {' '.join(args)}: refused in {elapsed:.2f} s: {err}")
    return err


# PCI_2019.xlsx (sheet Summary) saved as PCI_2020.xlsx / PCI_2024.xlsx: byte for byte 2019, with or without
# --replace or --year (the hook check of ../shared/hooks/before-stop)
@pytest.mark.parametrize(
    "name,args",
    [
        ("PCI_2020.xlsx", ()),
        ("PCI_2020.xlsx", ("--replace",)),
        ("PCI_2020.xlsx", ("--year", "2020")),
        ("PCI_2020.xlsx", ("--replace", "--year", "2020")),
        ("PCI_2024.xlsx", ()),
        ("PCI_2024.xlsx", ("--replace",)),
    ],
)
def test_pci_2019_under_another_name_is_refused(name, args, tmp_path, data_copy, capsys):
    err = _refused(_copy("PCI_2019.xlsx", tmp_path, name), data_copy, capsys, *args)
    assert "PCI 2019" in err and f"PCI {name[4:8]}" in err and name in err


@pytest.mark.parametrize("args", [(), ("--replace",), ("--year", "2024"), ("--replace", "--year", "2024")])
def test_the_2023_subindices_under_the_2024_name_are_refused(args, tmp_path, data_copy, capsys):
    err = _refused(_copy("PCI_2023_subindices.xlsx", tmp_path, "PCI_2024.xlsx"), data_copy, capsys, *args)
    assert "PCI 2023" in err and "PCI 2024" in err


def _resaved_2018(folder: Path, name: str, changes: int) -> Path:
    """PCI_2018.xlsx, sheet Summary, re-saved (other bytes, same values) with ``changes`` sub-index cells altered
    by +0.5 (D2, D3, … : entry costs of the first provinces), its header C1 relabelled with the name's year."""
    rows = [list(r) for r in corpus._raw("PCI_2018.xlsx", corpus.SHEET)]
    rows[0][2] = f"The Weighted PCI Score in {name[4:8]}"  # C1 says 'The Weighted PCI Score in 2018'
    for i in range(changes):
        rows[1 + i][3] = rows[1 + i][3] + 0.5
    return corpus.write_xlsx(folder / name, {corpus.SHEET: rows})


@pytest.mark.parametrize("changes", [0, 3, 30])
def test_the_2018_values_resaved_under_2022_are_refused_by_value(changes, tmp_path, data_copy, capsys):
    """Not the same bytes: the values decide. 3 or 30 of the 693 altered still leave ≥ 95% equal."""
    err = _refused(_resaved_2018(tmp_path, "PCI_2022.xlsx", changes), data_copy, capsys, "--replace")
    assert f"holds the values of PCI 2018 already in data/ ({693 - changes} of 693 values equal" in err
    assert "not PCI 2022 (the file name)" in err


def test_enough_altered_values_make_another_edition(tmp_path, data_copy):
    """The disguised 2018 sheet (every score × 0.97, tests/hostile/corpus.py) is no longer 2018's: imported."""
    path = corpus.write_xlsx(tmp_path / "PCI_2022.xlsx", {corpus.SHEET: corpus.base_rows()})
    res = importer.import_workbook(path, data_dir=data_copy)
    assert res.panel[res.panel["year"] == 2022]["source_kind"].eq("official_workbook").all()
    fp = pd_read(data_copy / FINGERPRINTS_TABLE)
    assert set(fp["year"]) >= {2018, 2022}


def test_year_contradicting_the_file_name_is_refused(tmp_path, data_copy, capsys):
    err = _refused(_copy("PCI_2019.xlsx", tmp_path, "PCI_2019.xlsx"), data_copy, capsys, "--year", "2020", "--replace")
    assert "the file name says PCI 2019 but --year says 2020" in err


def test_a_file_without_any_year_is_identified_from_its_content(tmp_path, data_copy, capsys):
    """PCI_2023_subindices.xlsx as download.xlsx: no year in the sheets or the name; its values are 2023's."""
    path = _copy("PCI_2023_subindices.xlsx", tmp_path, "download.xlsx")
    err = _refused(path, data_copy, capsys)
    assert "PCI 2023 is already in" in err and "--replace" in err


def test_compare_counts_values_within_the_published_rounding():
    import pandas as pd

    # PCI_2018.xlsx, sheet Summary, row 49: Quảng Ninh composite 70.35891723632812 (C49), entry costs
    # 7.959290504455566 (D49). A page publishing 70.36 agrees (half a unit of the second decimal); 7.97 does not.
    rec = pd.DataFrame(
        dict(
            year=2022,
            province_code=["22", "22"],
            indicator=["pci", "entry_costs"],
            score=[70.35891723632812, 7.959290504455566],
        )
    )
    panel = pd.DataFrame(
        dict(year=[2018, 2018], province_code=["22", "22"], indicator=["pci", "entry_costs"], score=[70.36, 7.97])
    )
    (m,) = compare_with_years(rec, panel)
    assert (m.year, m.common, m.agree) == (2018, 2, 1) and not m.same


def test_committed_fingerprints_are_distinct_between_years():
    """data/edition_fingerprints.csv: no two years share a value fingerprint for the same indicator."""
    fp = pd_read(analysis.core.paths.data_dir() / FINGERPRINTS_TABLE)
    full = fp[fp["n_values"] >= 30]
    assert not full.duplicated(["indicator", "value_sha256"]).any()
    assert fp.equals(fingerprints(loaders.load_pci(), loaders.load_sources()).astype(fp.dtypes.to_dict()))


def pd_read(path):
    import pandas as pd

    return pd.read_csv(path, dtype={"source_files": str, "file_sha256": str}, keep_default_na=False)


def test_import_all_refuses_one_edition_under_two_years(tmp_path):
    shared = tmp_path / "shared"
    shutil.copytree(analysis.core.paths.shared_dir() / "data" / "provinces", shared / "data" / "provinces")
    wbs = shared / "data" / "pci-workbooks"
    wbs.mkdir(parents=True)
    _copy("PCI_2018.xlsx", wbs, "PCI_2018.xlsx")
    _resaved_2018(wbs, "PCI_2016.xlsx", 3)  # 2018's values, 3 altered, under the 2016 label
    with pytest.raises(importer.ImportRefused) as ei:
        importer.import_all(shared, tmp_path / "data", include_seeds=False, include_papi=False, include_sources=False)
    a, b = sorted(ei.value.refusals)
    assert a.startswith("PCI_2016.xlsx: holds the values of PCI_2018.xlsx (PCI 2018; 690 of 693") and "PCI 2016" in a
    assert b.startswith("PCI_2018.xlsx: holds the values of PCI_2016.xlsx (PCI 2016; 690 of 693") and "PCI 2018" in b
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").glob("*.csv"))


def test_refusal_class_is_a_workbook_error():
    assert issubclass(EditionOfAnotherYearError, importer.WorkbookError)


def test_the_2023_subindices_named_2024_are_refused_by_the_press_figures(tmp_path):
    """import-all's year check: PCI_2023_subindices.xlsx as PCI_2024.xlsx reproduces every 2023 press figure
    (press/pci_press_2022_2023.csv: Quảng Ninh time costs 8.54, business support 7.72 …) and none of 2024."""
    from analysis.ingest.sources import BY_NAME
    from analysis.ingest.year_check import read_with_year_check

    spec = BY_NAME["press"]
    press = spec.read(analysis.core.paths.shared_dir() / "data" / spec.relpath, 5)
    path = _copy("PCI_2023_subindices.xlsx", tmp_path, "PCI_2024.xlsx")
    with pytest.raises(
        EditionOfAnotherYearError,
        match=r"labelled PCI 2024 \(the file name\) but reproduces every "
        r"press figure of PCI 2023",
    ):
        read_with_year_check(path, press)
    parsed, note = read_with_year_check(WB / "PCI_2023_subindices.xlsx", press)  # the real one: confirmed
    assert parsed.year == 2023 and note["severity"] == "info"
