"""Each extractor on a small snippet written here, shaped like its source document."""

import pytest

from etl.errors import SourceError
from etl.extract import kerncijfers, memorandum, samen_leven, sociaal_beleid, voortgang
from etl.text import document_from_text

DECK = """
Naar een vernieuwde 
directie Samen Leven 



Afd. Burgerzaken

• Aanwerving 
afdelingshoofd

• Klantgerichtheid centraal

Afdeling burgerzaken
Afdelingshoofd

Omkadering afdeling

Toeleiding naar hulp *

Bescherming funerair erfgoed

55



M-bassadeurs

• Principe FO  BO

Leiding

KCC

11,5

Front office
"""


def test_samen_leven_fte_and_teams():
    doc = document_from_text("000_x.txt", DECK)
    fte = samen_leven.extract_fte_afdeling(doc)
    assert [(r["directie"], r["afdeling"], r["fte"]) for r in fte] == [
        ("Samen Leven", "Burgerzaken", 55.0),
        ("Samen Leven", "Front office (M-bassadeurs)", 11.5),
    ]
    assert fte[0]["bron_regel"] == 23 and fte[0]["bron"] == "000_x.txt"
    teams = samen_leven.extract_teams(doc)
    assert [(t["afdeling"], t["team"]) for t in teams] == [
        ("Burgerzaken", "Omkadering afdeling"),
        ("Burgerzaken", "Toeleiding naar hulp"),
        ("Burgerzaken", "Bescherming funerair erfgoed"),
        ("Front office (M-bassadeurs)", "KCC"),
    ]


def test_samen_leven_without_fte_figure_is_an_error():
    doc = document_from_text("000_x.txt", DECK.replace("\n55\n", "\n"))
    with pytest.raises(SourceError, match=r"regel 7: afdelingsslide ‘Afd\. Burgerzaken’ heeft geen VTE-getal"):
        samen_leven.extract_fte_afdeling(doc)


SOCIAAL = """ * Decreet lokaal sociaal beleid (maart 2004)
o Garanderen van sociale grondrechten
 « 2014: oprichting GO team samen met Politie,
scholen en Kind en gezin
« 2014: oprichting GO team samen met Politie,
scholen en Kind en gezin
« 2016: Geintegreerde aanpak opvang
viuchtelingen
 Lokaal sociaal beleid:
"""


def test_sociaal_beleid_timeline_strips_ocr_bullets_joins_and_dedupes():
    rows = sociaal_beleid.extract_tijdlijn(document_from_text("003_x.txt", SOCIAAL))
    assert [(r["jaar"], r["gebeurtenis"], r["bron_regel"]) for r in rows] == [
        (2004, "Decreet lokaal sociaal beleid (maart 2004)", 1),
        (2014, "Oprichting GO team samen met Politie, scholen en Kind en gezin", 3),
        (2016, "Geïntegreerde aanpak opvang vluchtelingen", 7),
    ]


VOORTGANG = """
VOORTGANGSRAPPORT 

2022



ORGANISATIECULTUUR 

REALISATIES
- Herschreven missie, visie en 
waarden
- Welzijn op het werk 
     - Welzijnsbevraging
  * Mindlab
-0pvolging klimaatactieplan 

PLANNING 
- Multi-factor-authenticatie 
voor Office 365 en 
WatchGuard VPN
"""


def test_voortgang_items_wrapping_subitems_and_corrections():
    rows = voortgang.extract_voortgang(document_from_text("004_x.txt", VOORTGANG))
    got = [(r["domein"], r["soort"], r["niveau"], r["ouder"], r["volgorde"], r["titel"]) for r in rows]
    assert got == [
        ("Organisatiecultuur", "realisatie", 0, None, 1, "Herschreven missie, visie en waarden"),
        ("Organisatiecultuur", "realisatie", 0, None, 2, "Welzijn op het werk"),
        ("Organisatiecultuur", "realisatie", 1, 2, 3, "Welzijnsbevraging"),
        ("Organisatiecultuur", "realisatie", 1, 2, 4, "Mindlab"),
        ("Organisatiecultuur", "realisatie", 0, None, 5, "Opvolging klimaatactieplan"),
        ("Organisatiecultuur", "planning", 0, None, 1, "Multi-factor-authenticatie voor Office 365 en WatchGuard VPN"),
    ]
    assert {r["rapport_jaar"] for r in rows} == {2022}
    assert rows[0]["bron_regel"] == 11  # the snippet starts with an empty line 1


def test_voortgang_domain_without_planning_is_an_error():
    text = VOORTGANG.split("PLANNING")[0]
    with pytest.raises(SourceError, match="geen punten onder ‘planning’"):
        voortgang.extract_voortgang(document_from_text("004_x.txt", text))


MEMO = """ Leeswijzer
Aan de nieuwe bestuurders worden 2 

concrete beleidsaanbevelingen aangereikt.
 THEMA 1:

WERK PROFESSIONEEL
 1. Inleiding

Begin 2018 telde Mechelen 86.194 inwoners. De groei zet door.
 2. DNA van Groep 

Aanbeveling: Hou de vinger aan de pols en speel in op wet-

geving bij bovenlokale overheden.

Uitleg die geen deel is van de aanbeveling.

 Mogelijke acties:

• Versterk de principes van projectmanagement:

 ɋ Bepaal rollen.

 ɋ Leg beslissingen voor aan het college.

• Stel een jaar-

plan op.
 THEMA 4:

WERK MENSGERICHT 
A. EEN STAD VOOR JONG EN OUD
 1. Inleiding

Tegen 2035 telt onze stad niet alleen meer kinderen en jongeren tussen 0-17 jaar (2.368 personen meer t.o.v. 2017) maar 

ook meer 65-plussers (4.674 personen meer t.o.v. 2017). Daarom.
3. Kwetsbaarheid
Aanbeveling: Heb aandacht voor kwetsbare ouderen.

 Mogelijke actie: 

Bouw het platform verder uit.
"""


def test_memorandum_recommendations_and_actions():
    doc = document_from_text("001_x.txt", MEMO)
    recs = memorandum.extract_aanbevelingen(doc)
    assert [(r["nr"], r["thema_nr"], r["thema"], r["deel"], r["hoofdstuk"], r["tekst"]) for r in recs] == [
        (
            1,
            1,
            "Werk professioneel",
            None,
            "DNA van Groep",
            "Hou de vinger aan de pols en speel in op wetgeving bij bovenlokale overheden.",
        ),
        (
            2,
            4,
            "Werk mensgericht",
            "A. Een stad voor jong en oud",
            "Kwetsbaarheid",
            "Heb aandacht voor kwetsbare ouderen.",
        ),
    ]
    acties = memorandum.extract_acties(doc)
    assert [(a["aanbeveling_nr"], a["volgorde"], a["tekst"]) for a in acties] == [
        (
            1,
            1,
            "Versterk de principes van projectmanagement:\n– Bepaal rollen.\n– Leg beslissingen voor aan het college.",
        ),
        (1, 2, "Stel een jaarplan op."),
        (2, 1, "Bouw het platform verder uit."),
    ]


def test_memorandum_count_must_match_what_the_document_announces():
    doc = document_from_text("001_x.txt", MEMO.replace("worden 2", "worden 3"))
    with pytest.raises(SourceError, match="kondigt 3 aanbevelingen aan"):
        memorandum.extract_aanbevelingen(doc)


def test_projection_and_sentence_with_abbreviations():
    doc = document_from_text("001_x.txt", MEMO)
    rows = kerncijfers.extract_bevolking_projectie(doc)
    assert [(r["leeftijdsgroep"], r["jaar_basis"], r["jaar_doel"], r["verschil"], r["bron_regel"]) for r in rows] == [
        ("0-17", 2017, 2035, 2368, 36),
        ("65+", 2017, 2035, 4674, 38),
    ]
    text = "Zie t.o.v. 2017 hier. Begin 2018 telde Mechelen 86.194 inwoners. Daarna."
    start = text.index("86.194")
    assert kerncijfers.sentence_around(text, start, start + 6) == "Begin 2018 telde Mechelen 86.194 inwoners."
