"""The whole ETL on the real seed documents, checked through the query layer."""

from __future__ import annotations

import pytest

from dashboard import queries


@pytest.fixture(autouse=True)
def _env(data_env, monkeypatch):
    monkeypatch.setenv("MECHELEN_DEV_ROLE", "bestuur")  # the query layer checks the role
    return data_env


def test_fte_per_afdeling():
    df = queries.get_fte_by_afdeling()
    assert dict(zip(df["afdeling"], df["fte"], strict=True)) == pytest.approx(
        {
            "Preventie & veiligheid": 52.86,
            "Burgerzaken": 55.0,
            "Sociale dienst": 93.47,
            "Sociaal beleid": 40.92,
            "Front office (M-bassadeurs)": 11.5,
        }
    )
    assert set(df["directie"]) == {"Samen Leven"}
    assert queries.get_fte_total() == pytest.approx(253.75)
    assert df["aandeel"].sum() == pytest.approx(100)
    assert df["afdeling"].iloc[0] == "Sociale dienst"  # largest first


def test_teams_match_afdelingen():
    teams = queries.get_teams()
    fte = queries.get_fte_by_afdeling()
    assert set(teams["afdeling"]) == set(fte["afdeling"])
    by_afdeling = teams.groupby("afdeling")["team"].apply(set)
    assert "Bescherming funerair erfgoed" in by_afdeling["Burgerzaken"]
    assert "GO-team" in by_afdeling["Sociale dienst"]
    assert "KCC" in by_afdeling["Front office (M-bassadeurs)"]
    assert list(queries.get_teams("Front office (M-bassadeurs)")["team"]) == [
        "Opvolging data & support",
        "KCC",
        "Onthaal & infobalie stadhuis",
    ]


def test_kerncijfers():
    df = queries.get_kerncijfers().set_index("indicator")
    assert len(df) >= 15
    assert (df.loc["inwoners", "waarde"], df.loc["inwoners", "jaar"], df.loc["inwoners", "bron_regel"]) == (
        86194,
        2018,
        2896,
    )
    assert (df.loc["groei_0_17_jaar", "waarde"], df.loc["groei_0_17_jaar", "bron_regel"]) == (2368, 1665)
    assert (df.loc["groei_65_plus", "waarde"], df.loc["groei_65_plus", "bron_regel"]) == (4674, 1667)
    assert (df.loc["nationaliteiten", "waarde"], df.loc["nationaliteiten", "bron_regel"]) == (129, 2930)
    assert df.loc["alleenstaanden_zonder_kinderen", ["waarde", "eenheid"]].tolist() == [15.6, "%"]
    assert "86.194 inwoners" in df.loc["inwoners", "citaat"]
    assert df["bron"].str.startswith("001_").all()


def test_projection_recommendations_actions():
    db = queries.get_db()
    proj = db.query("SELECT leeftijdsgroep, jaar_basis, jaar_doel, verschil FROM bevolking_projectie ORDER BY 1")
    assert proj.values.tolist() == [["0-17", 2017, 2035, 2368], ["65+", 2017, 2035, 4674]]
    per_theme = db.query(
        "SELECT thema_nr, deel, COUNT(*) AS n FROM aanbevelingen GROUP BY ALL ORDER BY thema_nr, deel NULLS FIRST"
    )
    assert per_theme["n"].tolist() == [21, 9, 11, 14, 12, 6]
    assert queries.get_aanbevelingen_count() == 73
    hyphenated = db.query("SELECT tekst FROM aanbevelingen WHERE tekst LIKE 'Hou de vinger%'")["tekst"].iloc[0]
    assert "wetgeving bij bovenlokale overheden" in hyphenated
    orphans = db.query("SELECT COUNT(*) AS n FROM acties WHERE aanbeveling_nr NOT IN (SELECT nr FROM aanbevelingen)")
    assert orphans["n"].iloc[0] == 0
    assert db.query("SELECT COUNT(DISTINCT aanbeveling_nr) AS n FROM acties")["n"].iloc[0] > 50


def test_voortgang():
    db = queries.get_db()
    df = db.query("SELECT * FROM voortgang")
    assert df["domein"].nunique() == 7
    assert set(df["soort"]) == {"realisatie", "planning"}
    # 179 top-level items: " - STRATENO" (004 line 172) and " - Aanbesteding Website" (line 412) stand one
    # space in, unlike the report's sub-items (4–5 spaces); they are items, not sub-items (was 177)
    assert len(df) == 189 and (df["niveau"] == 0).sum() == 179
    oc = df[(df["domein"] == "Organisatiecultuur") & (df["soort"] == "realisatie") & (df["niveau"] == 0)]
    assert len(oc) == 21
    mfa = df[df["titel"] == "Multi-factor-authenticatie voor Office 365 en WatchGuard VPN"]
    assert mfa[["domein", "soort"]].values.tolist() == [["Voorkomen van fraude en fouten", "planning"]]
    subs = df[df["niveau"] == 1]
    parents = df.set_index(["domein", "soort", "volgorde"])
    for _, sub in subs.iterrows():
        assert parents.loc[(sub["domein"], sub["soort"], sub["ouder"]), "niveau"] == 0
    assert not df["titel"].str.contains("0pvolging").any()


def test_tijdlijn():
    df = queries.get_db().query("SELECT jaar, gebeurtenis, bron FROM tijdlijn")
    assert set(range(2013, 2018)) <= set(df["jaar"])
    assert {2004, 2010, 2012, 2018} <= set(df["jaar"])
    assert df["bron"].str.startswith("000_").any() and df["bron"].str.startswith("003_").any()
    assert not df.duplicated(["jaar", "gebeurtenis"]).any()


def test_every_row_is_traceable_to_its_source_line(built_data):
    from etl.catalog import DATASETS
    from etl.store import Store

    raw = built_data / "raw"
    for ds in DATASETS:
        table = Store(built_data / "parquet").read_current(ds.name)
        assert table.schema.names == ds.column_names
        for row in table.select(["bron", "bron_regel"]).to_pylist():
            lines = (raw / row["bron"]).read_text(encoding="utf-8").splitlines()
            assert 1 <= row["bron_regel"] <= len(lines)
            assert lines[row["bron_regel"] - 1].strip(), f"{ds.name}: {row} points at a blank line"
