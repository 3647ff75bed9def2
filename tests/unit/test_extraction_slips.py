"""One test per kind of extraction slip (issue 13), each on a snippet shaped like its source."""

from __future__ import annotations

from etl.corrections import SameEvent
from etl.extract import kerncijfers, memorandum, samen_leven, tijdlijn, voortgang
from etl.text import document_from_text, without_page_numbers

# --- 1. headings that lost their sub-items ---------------------------------------------------------

TIMELINE = """



2010

2013

2014

2015

2016

2017

• Pionier
• Integratie personeelsdienst

• Tweedaagse 
M-team Stad & SoHu

• Deelprojecten gedefinieerd

• Opstart deelprojecten
• Optimalisatie externe dienstverlening
• Politiezone
• Zorgbedrijf

• Gezamenlijk M-team 

• Communicatietraject S1G

• Realisatie Politiezone, 
Brandweerzone, FO

• Inspiratiemomenten
• Programmamanagement 

S1G met trekkers
• Goedkeuring nieuw organogram

• Integratie diensten
• Financiën
• ICT
• Vrije tijd

• Realisatie
• Samenleven
• Regiowerking
• Zorgbedrijf



Decreet lokaal bestuur, goedgekeurd VLAREG
30/06/2017 (Parlement eind ’17)
"""


def test_timeline_subitems_keep_their_heading():
    rows = samen_leven.extract_tijdlijn(document_from_text("000_x.txt", TIMELINE))
    by_text = {r["gebeurtenis"]: r for r in rows}
    # the heading is no event of its own; each sub-item carries it
    assert "Integratie diensten" not in by_text and "Financiën" not in by_text and "ICT" not in by_text
    assert by_text["Integratie diensten: Financiën"]["kop"] == "Integratie diensten"
    assert by_text["Opstart deelprojecten: Politiezone"]["jaar"] == 2015
    assert by_text["Realisatie: Zorgbedrijf"]["kop"] == "Realisatie"
    # groups of siblings (no run of three short items after the first) stay as they are
    assert by_text["Pionier"]["kop"] is None and by_text["Inspiratiemomenten"]["kop"] is None
    assert by_text["Programmamanagement S1G met trekkers"]["kop"] is None


def test_headed_items_rule():
    items = [(1, "Integratie diensten"), (2, "Financiën"), (3, "ICT"), (4, "SPM")]
    assert samen_leven.headed_items(items) == [
        (2, "Integratie diensten", "Financiën"),
        (3, "Integratie diensten", "ICT"),
        (4, "Integratie diensten", "SPM"),
    ]
    siblings = [(1, "Pionier"), (2, "Integratie personeelsdienst")]
    assert samen_leven.headed_items(siblings) == [(1, None, "Pionier"), (2, None, "Integratie personeelsdienst")]


def test_a_single_space_does_not_make_a_subitem():
    text = "\nVOORTGANGSRAPPORT\n\n2022\n\n\n\nBETROUWBARE INFORMATIE\n\nREALISATIES\n- Lancering Swing\n\n"
    text += "PLANNING\n- Nieuwe software begraafplaatsen\n - Aanbesteding Website\n- Welzijn op het werk\n"
    text += "     - Welzijnsbevraging\n * Mindlab\n"
    rows = voortgang.extract_voortgang(document_from_text("004_x.txt", text))
    assert [(r["titel"], r["niveau"], r["ouder"]) for r in rows if r["soort"] == "planning"] == [
        ("Nieuwe software begraafplaatsen", 0, None),
        ("Aanbesteding Website", 0, None),
        ("Welzijn op het werk", 0, None),
        ("Welzijnsbevraging", 1, 3),
        ("Mindlab", 1, 3),
    ]


# --- 2. years inferred, not read -------------------------------------------------------------------


def test_timeline_marks_inferred_years_and_the_stated_year_wins(monkeypatch):
    rows = samen_leven.extract_tijdlijn(document_from_text("000_x.txt", TIMELINE))
    by_text = {r["gebeurtenis"]: r for r in rows}
    assert by_text["Pionier"]["jaar_bron"] == "afgeleid"  # a place on the slide, not a printed year
    decree = next(r for r in rows if r["gebeurtenis"].startswith("Decreet lokaal bestuur"))
    assert (decree["jaar"], decree["jaar_bron"]) == (2017, "gelezen")
    stated = tijdlijn.tijdlijn_row(2018, "gelezen", None, "Opstart zorgbedrijf", "003_x.txt", 75)
    monkeypatch.setattr(
        tijdlijn, "SAME_EVENTS", (SameEvent("000_", "Realisatie: Zorgbedrijf", "003_", "Opstart zorgbedrijf", ""),)
    )
    tijdlijn.reconcile([*rows, stated])
    zorg = by_text["Realisatie: Zorgbedrijf"]
    assert (zorg["jaar"], zorg["jaar_bron"]) == (2018, "ander document")
    assert "003 regel 75" in zorg["opmerking"] and "2017" in zorg["opmerking"]  # the conflict is noted
    assert "000 regel" in stated["opmerking"]


KERN = """ THEMA 5:

WERK INTEGRAAL
 1. Inleiding

Begin 2018 telde Mechelen 86.194 inwoners. De groep alleenstaanden in Mechelen zonder kinderen bedraagt 

nu reeds 15,6% en wordt steeds groter.
"""


def test_kerncijfer_without_a_year_in_its_sentence_is_marked(monkeypatch):
    monkeypatch.setattr(
        kerncijfers,
        "INDICATORS",
        tuple(i for i in kerncijfers.INDICATORS if i.indicator in ("inwoners", "alleenstaanden_zonder_kinderen")),
    )
    rows = {r["indicator"]: r for r in kerncijfers.extract_kerncijfers(document_from_text("001_x.txt", KERN))}
    assert (rows["inwoners"]["jaar"], rows["inwoners"]["jaar_bron"]) == (2018, "gelezen")
    single = rows["alleenstaanden_zonder_kinderen"]
    assert (single["jaar"], single["jaar_bron"]) == (kerncijfers.MEMORANDUM_YEAR, "referentiedatum")


# --- 3. page furniture -----------------------------------------------------------------------------

PAGED = """ THEMA 3:

WERK VERBINDEND
 1. Inleiding

Aanbeveling: Stimuleer verenigingen.

 Mogelijke acties:

• Creëer afsprakenkaders met elke partij.

• Ontwikkel een gespreide programmatie (integratie, diversiteit ….).



32

Aanbeveling: Toon de juiste zaken.

 Mogelijke acties:

• Bekijk de programmatie als open data, zodat anderen kunnen leegstand weg te



33

werken.
"""


def test_page_numbers_never_end_up_in_text():
    doc = document_from_text("001_x.txt", PAGED)
    _, acties = memorandum.parse(doc)
    assert [a["tekst"] for a in acties] == [
        "Creëer afsprakenkaders met elke partij.",
        "Ontwikkel een gespreide programmatie (integratie, diversiteit ….).",
        "Bekijk de programmatie als open data, zodat anderen kunnen leegstand weg te werken.",
    ]
    blanked = without_page_numbers(doc)
    assert [line.no for line in blanked.lines if line.text != doc.lines[line.no - 1].text] == [16, 26]


def test_a_number_inside_a_paragraph_is_no_page_number():
    doc = document_from_text("000_x.txt", "Overhead\n\n55\n\nAfdeling burgerzaken\n")
    assert without_page_numbers(doc).lines == doc.lines


# --- 4. statements missed, labels that say more than the sentence ----------------------------------

STATEMENTS = """ THEMA 5:

WERK INTEGRAAL
 2. Efficiënt ruimtegebruik

Mechelen is een stad die snel groeit richting 100.000 inwoners. Daarnaast wordt er gestreefd naar minder

ruimtegebruik.

Diversiteit

Mechelen is een van de vier meest ‘superdiverse’ steden van Vlaanderen, samen met Antwerpen, Gent 

en Genk.

• Studentenhuisvesting evalueren (10% meer studenten bij Thomas More Mechelen in academiejaar 2017-2018; 

van 350 naar 400 koten, maar allemaal verhuurd).

• Zelf (laten) opmaken van beleidsplannen in het kader van het 

Vlaams streven naar een betonstop en geen bijkomend ruimtebeslag tegen 2040.

Na de ondertekening van de ‘Convenant of Mayors’, waarin de vermindering van de CO2-uitstoot met 

20% tegen 2020 en 40% tegen 2030 wordt bepleit, moeten we verder.
"""


def test_start_values_growth_direction_and_honest_labels(monkeypatch):
    wanted = (
        "inwoners_groeirichting",
        "superdiverse_steden",
        "groei_studenten_thomas_more",
        "studentenkoten_vorig",
        "studentenkoten",
    )
    monkeypatch.setattr(kerncijfers, "INDICATORS", tuple(i for i in kerncijfers.INDICATORS if i.indicator in wanted))
    doc = document_from_text("001_x.txt", STATEMENTS)
    rows = {r["indicator"]: r for r in kerncijfers.extract_kerncijfers(doc)}
    assert rows["inwoners_groeirichting"]["waarde"] == 100000 and rows["inwoners_groeirichting"]["bron_regel"] == 6
    assert rows["superdiverse_steden"]["waarde"] == 4
    assert rows["superdiverse_steden"]["citaat"].startswith("Mechelen is een van de vier")  # not "Diversiteit …"
    assert (rows["studentenkoten_vorig"]["waarde"], rows["studentenkoten"]["waarde"]) == (350, 400)
    # the koten clause names neither Thomas More nor the academic year: neither does its label
    for key in ("studentenkoten_vorig", "studentenkoten"):
        assert "Thomas More" not in rows[key]["label"] and "2017" not in rows[key]["label"]
        assert rows[key]["jaar_bron"] == "referentiedatum"
    assert (rows["groei_studenten_thomas_more"]["jaar"], rows["groei_studenten_thomas_more"]["jaar_bron"]) == (
        2018,
        "gelezen",
    )


def test_policy_targets_with_number_and_year():
    doelen = kerncijfers.extract_doelen(document_from_text("001_x.txt", STATEMENTS))
    assert [(d["doel"], d["waarde"], d["doeljaar"], d["kader"], d["bron_regel"]) for d in doelen] == [
        ("co2_uitstoot_2020", 20, 2020, "Convenant of Mayors", 26),
        ("co2_uitstoot_2030", 40, 2030, "Convenant of Mayors", 26),
        ("bijkomend_ruimtebeslag_2040", 0, 2040, "Vlaams streven", 22),
    ]
    assert all("tegen" in d["citaat"] for d in doelen)


# --- 5. the same item in two domains ---------------------------------------------------------------

REPORT = """
VOORTGANGSRAPPORT 

2022



VOORKOMEN VAN FRAUDE EN FOUTEN

REALISATIES
- Digitalisering Mechelbon
- Audit informatiebeheer 

PLANNING
- Kennisplatform – Quandago



EFFICIËNT GEBRUIK MIDDELEN 

REALISATIES
- Digitalisering Mechelbon
- Audit informatiebeheer door Audio
- Digitaal veegplan 

PLANNING 
- Quandago - kennisplatform
"""


def test_items_under_two_domains_are_kept_and_marked():
    rows = voortgang.extract_voortgang(document_from_text("004_x.txt", REPORT))
    got = [(r["domein"][:9], r["soort"], r["item_nr"], r["ook_in_domein"]) for r in rows]
    assert got == [
        ("Voorkomen", "realisatie", 1, "Efficiënt gebruik middelen"),
        ("Voorkomen", "realisatie", 2, "Efficiënt gebruik middelen"),
        ("Voorkomen", "planning", 1, "Efficiënt gebruik middelen"),
        ("Efficiënt", "realisatie", 1, "Voorkomen van fraude en fouten"),
        ("Efficiënt", "realisatie", 2, "Voorkomen van fraude en fouten"),  # declared rewording
        ("Efficiënt", "realisatie", 3, None),
        ("Efficiënt", "planning", 1, "Voorkomen van fraude en fouten"),  # same words, other order
    ]


# --- 6. repeated names in one group ----------------------------------------------------------------


def test_repeated_team_names_name_their_group():
    names = ["Omkadering afdeling", "Overlijden", "Vreemdelingen", "Overhead", "Rijbewijzen", "Adressen", "Overhead"]
    got = samen_leven.grouped_teams("Burgerzaken", names)
    assert got == [
        ("Omkadering afdeling", None),
        ("Overlijden", "Overlijden t/m Vreemdelingen"),
        ("Vreemdelingen", "Overlijden t/m Vreemdelingen"),
        ("Overhead (Burgerzaken – groep Overlijden t/m Vreemdelingen)", "Overlijden t/m Vreemdelingen"),
        ("Rijbewijzen", "Rijbewijzen t/m Adressen"),
        ("Adressen", "Rijbewijzen t/m Adressen"),
        ("Overhead (Burgerzaken – groep Rijbewijzen t/m Adressen)", "Rijbewijzen t/m Adressen"),
    ]
    assert len({team for team, _ in got}) == len(got)
    unique = ["Kans- en kinderarmoede", "Overhead SH", "Taalondersteuning", "Overhead onderwijs"]
    assert samen_leven.grouped_teams("Sociaal beleid", unique) == [(n, None) for n in unique]
