"""001_…: the figures the memorandum states about population, housing, youth, seniors and
poverty (``kerncijfers``), and its policy targets with a number and a year (``doelen``).

Each indicator and target is declared once below as a pattern over the running text; the value
itself is always read from the document (never typed in here), together with the line it stands
on and the sentence it was read from. A pattern that no longer matches exactly once is a
structure error. A start value ("van 350 naar …") and a direction ("richting 100.000") are
statements of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.numbers import DUTCH_NUMBER, number_word, parse_dutch_number
from etl.text import Document, Flow, Line, without_page_numbers

MEMORANDUM_YEAR = 2018  # the memorandum's reference date: the year of a figure whose sentence names none
N = rf"(?P<waarde>{DUTCH_NUMBER})"
# "een op de drie", "1 op 5": read as a percentage (100 / denominator).
RATIO = r"(?P<teller>een|één|1) op (?:de )?(?P<noemer>\w+)"


@dataclass(frozen=True)
class Indicator:
    """A label says only what its sentence (``citaat``) says: no owner, place or year the sentence
    does not name. ``context`` adds that many sentences before it to the citation, for a sentence
    whose subject stands in the one before ("8% voelt zich ernstig eenzaam")."""

    indicator: str
    label: str
    eenheid: str
    pattern: str  # a regex with group "waarde" (or "teller"/"noemer"), optionally "jaar"
    context: int = 0


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "inwoners",
        "Inwoners van Mechelen (begin van het jaar)",
        "inwoners",
        rf"Begin (?P<jaar>\d{{4}}) telde Mechelen {N} inwoners",
    ),
    Indicator(
        "groei_0_17_jaar",
        "Groei aantal kinderen en jongeren (0-17 jaar) t.o.v. 2017",
        "personen",
        rf"Tegen (?P<jaar>\d{{4}}) telt onze stad [^.]*?0-17 jaar \({N} personen meer",
    ),
    Indicator(
        "groei_65_plus",
        "Groei aantal 65-plussers t.o.v. 2017",
        "personen",
        rf"Tegen (?P<jaar>\d{{4}}) telt onze stad [^()]*\([^()]*\) maar ook meer 65-plussers \({N} personen meer",
    ),
    Indicator(
        "aandeel_jong_en_oud",
        "Aandeel kinderen, jongeren en ouderen samen in de bevolking",
        "%",
        rf"samen goed voor zo’n {N}% van de Mechelse bevolking",
    ),
    Indicator(
        "nationaliteiten",
        "Aantal nationaliteiten in Mechelen",
        "aantal",
        rf"In Mechelen wonen ongeveer {N} verschillende nationaliteiten",
    ),
    Indicator(
        "aandeel_migratieachtergrond",
        "Mechelaars met een migratieachtergrond",
        "%",
        rf"{RATIO} Mechelaars heeft een migratieachtergrond",
    ),
    Indicator(
        "alleenstaanden_zonder_kinderen",
        "Alleenstaanden zonder kinderen",
        "%",
        rf"alleenstaanden in Mechelen zonder kinderen bedraagt nu reeds {N}%",
    ),
    Indicator(
        "senioren_willen_vrijwilligerswerk",
        "Senioren die in de toekomst vrijwilligerswerk willen doen",
        "%",
        rf"{N}% van de senioren in de toekomst vrijwilligerswerk wil doen",
    ),
    Indicator(
        "ouderen_kwetsbaar_aandeel",
        "Ouderen die zich in hoge mate kwetsbaar voelen",
        "%",
        rf"Zo’n {N}% \([\d.]+\) van onze ouderen geeft aan in hoge mate kwetsbaar",
    ),
    Indicator(
        "ouderen_kwetsbaar_aantal",
        "Ouderen die zich in hoge mate kwetsbaar voelen (aantal)",
        "personen",
        rf"Zo’n \d+% \({N}\) van onze ouderen geeft aan in hoge mate kwetsbaar",
    ),
    Indicator(
        "ouderen_ernstig_eenzaam",
        "Ouderen die zich ernstig eenzaam voelen",
        "%",
        rf"{N}% voelt zich ernstig eenzaam",
        context=1,
    ),
    Indicator(
        "ouderen_zonder_steun",
        "Ouderen die op niemand beroep kunnen doen",
        "%",
        rf"{N}% zegt op niemand beroep te kunnen doen",
        context=1,
    ),
    Indicator(
        "senioren_storen_aan_migratie",
        "Senioren die vinden dat personen met een migratieachtergrond storen",
        "%",
        rf"{N}% vindt dat personen met een migratieachtergrond storen",
    ),
    Indicator(
        "jongeren_zonder_diploma",
        "Jongeren die de school verlaten zonder diploma (meer dan)",
        "%",
        rf"meer dan {N}% van onze jongeren verlaat de schoolbanken zonder diploma",
    ),
    Indicator(
        "jongsenioren_woning_onaangepast",
        "Jongsenioren die hun woning ernstig onaangepast vinden",
        "%",
        rf"{N}% jongsenioren vindt hun woning ernstig onaangepast",
    ),
    Indicator(
        "woningen_levenslang_wonen",
        "Woningen aangepast aan ‘levenslang wonen’",
        "%",
        rf"nu is maar {N}% van de woningen hieraan aangepast",
    ),
    Indicator(
        "groei_studenten_thomas_more",
        "Groei aantal studenten Thomas More Mechelen (academiejaar 2017-2018)",
        "%",
        rf"{N}% meer studenten bij Thomas More Mechelen in academiejaar \d{{4}}-(?P<jaar>\d{{4}})",
    ),
    # "van 350 naar 400 koten": the start value is a statement of its own. The clause names
    # neither whose koten they are nor a year.
    Indicator("studentenkoten_vorig", "Studentenkoten (vorig aantal)", "aantal", rf"van {N} naar [\d.]+ koten"),
    Indicator("studentenkoten", "Studentenkoten (nieuw aantal)", "aantal", rf"van [\d.]+ naar {N} koten"),
    Indicator(
        "inwoners_groeirichting",
        "Inwonersaantal waar Mechelen snel naartoe groeit (‘richting’)",
        "inwoners",
        rf"Mechelen is een stad die snel groeit richting {N} inwoners",
    ),
    Indicator(
        "superdiverse_steden",
        "Meest ‘superdiverse’ steden van Vlaanderen, waarvan Mechelen er een is",
        "aantal",
        r"Mechelen is een van de (?P<woord>\w+) meest ‘superdiverse’ steden van Vlaanderen",
    ),
    Indicator(
        "buurtsport_jaren",
        "Jaren dat Buurtsport Mechelen bestaat",
        "jaar",
        rf"Buurtsport Mechelen bestaat ondertussen {N} jaar",
    ),
    Indicator("gezinnen_energiearmoede", "Gezinnen in energiearmoede", "%", rf"energie-armoede van {RATIO} gezinnen"),
)

_HEADING = re.compile(r"^(?:THEMA\b|\d{1,2}\.\s*[A-Z])")
_SEGMENT_START = re.compile(r"^(?:Aanbeveling:|Mogelijke acties?:|[•ɋ])")
_ABBREVIATIONS = ("t.o.v.", "bv.", "o.b.v.", "i.p.v.", "cf.", "o.a.", "m.b.t.", "i.f.v.", "e.d.")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“‘(])")


def _is_subheading(text: str) -> bool:
    """A short title line ("Diversiteit", "Veiligheid") between paragraphs: at most three words,
    capitalised, without sentence punctuation."""
    return len(text.split()) <= 3 and text[:1].isupper() and not re.search(r"[.,;:!?)]$", text)


def segments(doc: Document) -> list[Flow]:
    """Running text between structural markers (headings, bullets, recommendations)."""
    out: list[list[Line]] = [[]]
    previous = ""
    for line in without_page_numbers(doc).lines:
        if line.blank:
            continue
        after_sentence, previous = previous.endswith((".", "!", "?", ":")) or not previous, line.stripped
        if (
            _HEADING.match(line.stripped)
            or line.stripped.isupper()
            or (after_sentence and _is_subheading(line.stripped))
        ):
            out.extend([[line], []])  # a heading is never part of a sentence
            continue
        if _SEGMENT_START.match(line.stripped):
            out.append([])
        out[-1].append(line)
    return [Flow.of(lines) for lines in out if lines]


def _sentence_bounds(text: str) -> list[int]:
    bounds = [0]
    for m in _SENTENCE_BREAK.finditer(text):
        if not text[: m.start()].endswith(_ABBREVIATIONS):
            bounds.append(m.end())
    bounds.append(len(text) + 1)
    return bounds


def sentence_around(text: str, start: int, end: int, before: int = 0) -> str:
    """The sentence of ``text`` that holds ``text[start:end]`` (abbreviations do not end one),
    with ``before`` sentences ahead of it."""
    bounds = _sentence_bounds(text)
    first = max(i for i, b in enumerate(bounds) if b <= start)
    begin = bounds[max(0, first - before)]
    finish = min(b for b in bounds if b > end - 1 and b > bounds[first])
    return text[begin:finish].strip().lstrip("•ɋ ")


def _find_once(doc: Document, flows: list[Flow], key: str, pattern: str) -> tuple[Flow, re.Match[str]]:
    hits = [(f, m) for f in flows for m in re.finditer(pattern, f.text)]
    if len(hits) != 1:
        found = "niet gevonden" if not hits else f"{len(hits)} keer gevonden"
        raise doc.problem(f"‘{key}’ {found} (patroon: {pattern})")
    return hits[0]


def _value(match: re.Match[str]) -> tuple[float, int]:
    """The value and where it starts in the text."""
    groups = match.groupdict()
    if groups.get("waarde") is not None:
        return parse_dutch_number(groups["waarde"]), match.start("waarde")
    if groups.get("woord") is not None:
        return float(number_word(groups["woord"])), match.start("woord")
    noemer = groups["noemer"]
    denominator = int(noemer) if noemer.isdigit() else number_word(noemer)
    return round(100 / denominator, 1), match.start("teller")


def extract_kerncijfers(doc: Document) -> list[dict]:
    """Every declared indicator, read once. ``jaar_bron`` says whether the sentence names the
    year (``gelezen``) or the year is the memorandum's reference date (``referentiedatum``)."""
    flows = segments(doc)
    rows = []
    for ind in INDICATORS:
        flow, match = _find_once(doc, flows, f"kerncijfer {ind.indicator}", ind.pattern)
        waarde, at = _value(match)
        read = match.groupdict().get("jaar")
        rows.append(
            {
                "indicator": ind.indicator,
                "label": ind.label,
                "waarde": waarde,
                "eenheid": ind.eenheid,
                "jaar": int(read) if read else MEMORANDUM_YEAR,
                "jaar_bron": "gelezen" if read else "referentiedatum",
                "bron": doc.name,
                "bron_regel": flow.line_at(at),
                "citaat": sentence_around(flow.text, match.start(), match.end(), ind.context),
            }
        )
    return rows


@dataclass(frozen=True)
class Doel:
    """A policy target stated with a number and a year."""

    doel: str
    omschrijving: str
    eenheid: str
    kader: str  # who sets or pleads for it, as the sentence names it
    pattern: str  # groups "waarde" (or "geen": the target is zero) and "jaar"


DOELEN: tuple[Doel, ...] = (
    Doel(
        "co2_uitstoot_2020",
        "Vermindering van de CO2-uitstoot",
        "%",
        "Convenant of Mayors",
        rf"vermindering van de CO2-uitstoot met {N}% tegen (?P<jaar>\d{{4}})",
    ),
    Doel(
        "co2_uitstoot_2030",
        "Vermindering van de CO2-uitstoot",
        "%",
        "Convenant of Mayors",
        rf"vermindering van de CO2-uitstoot met \d+% tegen \d{{4}} en {N}% tegen (?P<jaar>\d{{4}})",
    ),
    Doel(
        "bijkomend_ruimtebeslag_2040",
        "Bijkomend ruimtebeslag (betonstop)",
        "bijkomend ruimtebeslag",
        "Vlaams streven",
        r"Vlaams streven naar een betonstop en (?P<geen>geen) bijkomend ruimtebeslag tegen (?P<jaar>\d{4})",
    ),
)


def extract_doelen(doc: Document) -> list[dict]:
    flows = segments(doc)
    rows = []
    for doel in DOELEN:
        flow, match = _find_once(doc, flows, f"doel {doel.doel}", doel.pattern)
        waarde, at = (0.0, match.start("geen")) if match.groupdict().get("geen") else _value(match)
        rows.append(
            {
                "doel": doel.doel,
                "omschrijving": doel.omschrijving,
                "waarde": waarde,
                "eenheid": doel.eenheid,
                "doeljaar": int(match.group("jaar")),
                "kader": doel.kader,
                "bron": doc.name,
                "bron_regel": flow.line_at(at),
                "citaat": sentence_around(flow.text, match.start(), match.end()),
            }
        )
    return rows


_PROJECTION_SENTENCE = re.compile(r"Tegen (?P<doel>\d{4}) telt onze stad .*?\.(?=\s+[A-Z]|$)")
_PROJECTION_GROUP = re.compile(
    rf"(?P<groep>\d+-\d+ jaar|\d+-plussers) \((?P<verschil>{DUTCH_NUMBER}) personen meer t\.o\.v\. (?P<basis>\d{{4}})\)"
)


def _age_group(text: str) -> str:
    """ "0-17 jaar" → "0-17", "65-plussers" → "65+"."""
    return text.replace(" jaar", "").replace("-plussers", "+")


def extract_bevolking_projectie(doc: Document) -> list[dict]:
    rows = []
    for flow in segments(doc):
        for sentence in _PROJECTION_SENTENCE.finditer(flow.text):
            for group in _PROJECTION_GROUP.finditer(sentence.group(0)):
                rows.append(
                    {
                        "leeftijdsgroep": _age_group(group.group("groep")),
                        "jaar_basis": int(group.group("basis")),
                        "jaar_doel": int(sentence.group("doel")),
                        "verschil": int(parse_dutch_number(group.group("verschil"))),
                        "bron": doc.name,
                        "bron_regel": flow.line_at(sentence.start() + group.start("verschil")),
                    }
                )
    if not rows:
        raise doc.problem(
            "bevolkingsprojectie (‘Tegen JJJJ telt onze stad … (N personen meer t.o.v. JJJJ)’) niet gevonden"
        )
    return rows
