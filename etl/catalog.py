"""The catalog: every dataset declared once, with its schema and metadata.

The ETL validates against these declarations and derives the Parquet schema from them; the pages
read titles, units and sources from them; the open-data export is generated from them. Nothing
about a dataset is written anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa

DType = Literal["string", "int", "float", "date"]

_ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "date": pa.date32(),
}

LICENCE_TITLE = "Modellicentie Gratis Hergebruik – Vlaanderen v1.0"
LICENCE_URI = "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
PUBLISHER = "Groep Mechelen (stad en OCMW Mechelen)"


# --- rules a column can carry besides its type (applied by etl.validate and etl.derive) -----------


def spellings(**values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Other spellings of allowed values: ``spellings(M=("man",))`` → ``(("man", "M"),)``."""
    return tuple((spelling, value) for value, others in values.items() for spelling in others)


@dataclass(frozen=True)
class Constant:
    """Every uploaded row gets this value (the file does not state it)."""

    value: object


@dataclass(frozen=True)
class Default:
    """An uploaded row without a value gets this one; ``note``: say so when the column is missing."""

    value: object
    note: bool = True


@dataclass(frozen=True)
class FromCurrent:
    """Missing or empty in the file: the only value the published table has (else a problem)."""


@dataclass(frozen=True)
class Numbered:
    """1, 2, … in file order within each group of ``within`` (a row's position, not its content)."""

    within: tuple[str, ...]


@dataclass(frozen=True)
class Parent:
    """The ``order`` number of the nearest row above with ``level`` 0 in the same ``within`` group,
    for rows with ``level`` 1; empty for rows with ``level`` 0 (a position, not content)."""

    level: str
    order: str
    within: tuple[str, ...]


@dataclass(frozen=True)
class Computed:
    """Columns set by ``module:function`` over the rows as dicts (each column naming it is set)."""

    function: str


Fill = Constant | Default | FromCurrent | Numbered | Parent | Computed


@dataclass(frozen=True)
class Column:
    name: str
    dtype: DType
    description: str
    unit: str | None = None
    nullable: bool = False
    minimum: float | None = None
    allowed: tuple[str, ...] | None = None
    # Other spellings of the allowed values, matched in any case (see :func:`spellings`); with
    # synonyms, the allowed values themselves are matched in any case too.
    synonyms: tuple[tuple[str, str], ...] = ()
    fill: Fill | None = None  # how an uploaded row gets this column when the file leaves it out
    refers: tuple[str, str] | None = None  # (dataset, column) every value must name

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW_TYPES[self.dtype]

    @property
    def positional(self) -> bool:
        """Derived from the row's position in the file: not content a diff compares."""
        return isinstance(self.fill, (Numbered, Parent))


BRON = Column("bron", "string", "Bronbestand waaruit de rij gelezen werd")
BRON_REGEL = Column("bron_regel", "int", "Regelnummer (vanaf 1) in het bronbestand waar de waarde staat", minimum=1)


@dataclass(frozen=True)
class UploadField:
    """A column an analyst's spreadsheet provides; found by its name or one of its synonyms
    (case, spaces and accents do not matter)."""

    column: str
    synonyms: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class UploadSpec:
    """How a spreadsheet feeds a dataset.

    ``mode``: ``replace`` (the file is the whole new table), ``partition`` (the file replaces the
    rows of the ``partition`` values it contains, e.g. one report year) or ``upsert`` (rows replace
    those with the same key, others are added). ``totals`` are the columns a ``Totaal`` row sums.
    """

    fields: tuple[UploadField, ...]
    mode: Literal["replace", "partition", "upsert"] = "replace"
    partition: str | None = None
    totals: tuple[str, ...] = ()
    # A reader of its own ("module:function") for files the sheet reader cannot take as they come
    # (wide tables, GeoJSON); it returns the same IngestResult, the rest of the flow is shared.
    reader: str | None = None
    file_types: tuple[str, ...] = ("xlsx", "xls", "csv")
    layouts: tuple[str, ...] = ()  # named layouts with a template each (e.g. "lang", "breed")
    companions: tuple[str, ...] = ()  # datasets whose sheet (named after them) may ride along in the workbook


@dataclass(frozen=True)
class PublicRows:
    """Which rows of a public dataset the public may see: those whose ``column`` names a row of
    ``lookup`` (by its ``key``) that has ``flag`` = ``ja``; without ``lookup``, the row's own flag.
    Applied by the query layer and the open-data export (see :func:`public_rows_sql`)."""

    column: str
    lookup: str | None = None
    key: str | None = None
    flag: str = "publiek"


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    source: str  # the document(s) it is read from, as a person names them
    source_files: tuple[str, ...]  # file-name prefixes in data/raw
    key: tuple[str, ...] = ()
    # How a row is recognised in a file and between versions, when not by ``key`` (a key with a
    # column derived from the row's position cannot recognise it).
    match_key: tuple[str, ...] = ()
    public: bool = False
    owner: str = "Team Data & Analyse, Groep Mechelen"
    frequency: str = "eenmalig (brondocument)"
    reference_date: str = ""
    # The column holding each row's own reference date or period (a row from an upload carries
    # its own, e.g. the report year); ``reference_date`` is the fallback for rows without one.
    reference_column: str | None = None
    keywords: tuple[str, ...] = ()
    theme: str = "GOVE"  # EU data theme code (publications.europa.eu data-theme)
    licence: str = LICENCE_TITLE
    licence_uri: str = LICENCE_URI
    synthetic: bool = False  # demo data must be labelled as such wherever it is shown
    upload: UploadSpec | None = None  # set when analysts may feed the dataset with a spreadsheet
    period: str | None = None  # the column with a row's reference year: totals are per value of it
    extra: dict[str, str] = field(default_factory=dict)
    public_rows: PublicRows | None = None  # a public dataset of which the public sees only some rows

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} heeft geen kolom {name!r}")

    @property
    def row_key(self) -> tuple[str, ...]:
        """The key that identifies a row in an uploaded file and in a diff."""
        return self.match_key or self.key

    @property
    def withdrawable(self) -> bool:
        """Only uploads feed it, so it may be withdrawn; one built from documents would come back
        with the next ``etl build``."""
        return self.upload is not None and not self.source_files

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.arrow_type, nullable=c.nullable) for c in self.columns],
            metadata={"dataset": self.name, "title": self.title},
        )


INDICATOR_STATUSES = ("gewoon", "ontbreekt", "afgeschermd")


@dataclass(frozen=True)
class Document:
    """A source document in data/raw: its file name starts with ``code`` and ``_``. Readers see its
    ``title``; the file name and line are provenance detail."""

    code: str
    title: str
    reference_date: str  # the moment its figures describe, as the document states it

    @property
    def label(self) -> str:
        return f"{self.title} ({self.code})"


DOCUMENTS: tuple[Document, ...] = (
    Document("000", "Presentatie ‘Naar een vernieuwde directie Samen Leven’", "2017"),
    Document("001", "Memorandum Groep Mechelen 2018", "2018"),
    Document("002", "Presentatie ‘Sociale innovatie: aanpak in Mechelen’", ""),
    Document("003", "Presentatie lokaal sociaal beleid Mechelen", "2018"),
    Document("004", "Voortgangsrapport organisatiebeheersing 2022", "2022"),
)


def document_by_code(code: str) -> Document | None:
    """The document whose file name starts with ``code`` ("003"), or None."""
    return next((d for d in DOCUMENTS if d.code == code), None)


def document_for(bron: str) -> Document | None:
    """The document a row's ``bron`` names (a file in data/raw), or None (e.g. an upload)."""
    code = bron.split("_", 1)[0] if "_" in bron else ""
    return next((d for d in DOCUMENTS if d.code == code and bron.endswith(".txt")), None)


SAMEN_LEVEN, MEMORANDUM, _SOCIALE_INNOVATIE, SOCIAAL_BELEID, VOORTGANG = (d.label for d in DOCUMENTS)

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="fte_afdeling",
        title="Personeel (VTE) per afdeling van de directie Samen Leven",
        description="Aantal voltijdse equivalenten (VTE) per afdeling van de directie Samen Leven, "
        "zoals op de afdelingsslides van de presentatie over de vernieuwde directie.",
        columns=(
            Column("directie", "string", "Directie waartoe de afdeling behoort", fill=FromCurrent()),
            Column("afdeling", "string", "Afdeling"),
            Column("fte", "float", "Personeelsinzet in voltijdse equivalenten", unit="VTE", minimum=0),
            Column("peildatum", "date", "Datum waarop de telling slaat", nullable=True),
            BRON,
            BRON_REGEL,
        ),
        source=SAMEN_LEVEN,
        source_files=("000_",),
        key=("afdeling",),
        upload=UploadSpec(
            fields=(
                UploadField("afdeling", ("dienst", "afdelingsnaam")),
                UploadField("fte", ("vte", "voltijdse equivalenten", "fte totaal", "aantal vte")),
                UploadField("directie", required=False),
                UploadField("peildatum", ("datum", "op datum"), required=False),
            ),
            totals=("fte",),
        ),
        keywords=("personeel", "VTE", "organisatie"),
        reference_date="2017",
        reference_column="peildatum",
    ),
    Dataset(
        name="teams",
        title="Teams per afdeling van de directie Samen Leven",
        description="De teams en functies op elke afdelingsslide (zonder het afdelingshoofd of de "
        "leiding zelf). Een naam die meermaals op een slide staat (‘Overhead’ bij Burgerzaken) sluit "
        "telkens een groep teams af; die rijen dragen hun afdeling en groep in de naam, en de teams "
        "van zo’n groep hebben de groep in ‘groep’.",
        columns=(
            Column(
                "afdeling",
                "string",
                "Afdeling (zoals in ‘Personeel per afdeling’)",
                refers=("fte_afdeling", "afdeling"),
            ),
            Column("team", "string", "Team of functie"),
            Column("groep", "string", "Groep teams die een herhaalde naam (‘Overhead’) afsluit", nullable=True),
            BRON,
            BRON_REGEL,
        ),
        source=SAMEN_LEVEN,
        source_files=("000_",),
        keywords=("organisatie", "teams"),
        reference_date="2017",
    ),
    Dataset(
        name="kerncijfers",
        title="Kerncijfers over bevolking, wonen, jongeren en senioren",
        description="Elke cijfermatige uitspraak over de Mechelse bevolking, huisvesting, jongeren, "
        "senioren en armoede in het memorandum, met de zin waaruit ze gelezen werd. ‘jaar’ is het jaar "
        "waarop het cijfer slaat; waar de zin geen jaar noemt, de referentiedatum van het memorandum "
        "(2018), en dan zegt ‘jaar_bron’ dat (‘referentiedatum’ in plaats van ‘gelezen’).",
        columns=(
            Column("indicator", "string", "Vaste sleutel van de indicator"),
            Column("label", "string", "Omschrijving van het cijfer (zegt niet meer dan de zin)"),
            Column("waarde", "float", "Waarde"),
            Column(
                "eenheid", "string", "Eenheid van de waarde", allowed=("inwoners", "personen", "%", "aantal", "jaar")
            ),
            Column("jaar", "int", "Jaar waarop het cijfer slaat"),
            Column(
                "jaar_bron",
                "string",
                "gelezen: de zin noemt het jaar; referentiedatum: de zin noemt geen jaar, het jaar is dat van "
                "het document",
                allowed=("gelezen", "referentiedatum"),
                fill=Constant("gelezen"),  # an uploaded file states the year in its ``jaar`` column
            ),
            BRON,
            BRON_REGEL,
            Column("citaat", "string", "De zin uit het brondocument waaruit het cijfer gelezen werd", nullable=True),
        ),
        source=MEMORANDUM,
        source_files=("001_",),
        key=("indicator", "jaar"),
        upload=UploadSpec(
            fields=(
                UploadField("indicator", ("sleutel", "code")),
                UploadField("label", ("omschrijving", "naam")),
                UploadField("waarde", ("value", "cijfer")),
                UploadField("eenheid", ("unit",)),
                UploadField("jaar", ("year", "referentiejaar")),
            ),
            mode="upsert",
        ),
        public=True,
        keywords=("bevolking", "demografie", "wonen", "jongeren", "senioren"),
        theme="SOCI",
        reference_date="2018",
        reference_column="jaar",
    ),
    Dataset(
        name="bevolking_projectie",
        title="Bevolkingsprojectie per leeftijdsgroep",
        description="Verwachte groei van het aantal inwoners per leeftijdsgroep tussen het basisjaar en "
        "het doeljaar, volgens het memorandum.",
        columns=(
            Column("leeftijdsgroep", "string", "Leeftijdsgroep"),
            Column("jaar_basis", "int", "Basisjaar"),
            Column("jaar_doel", "int", "Doeljaar"),
            Column("verschil", "int", "Verschil in aantal inwoners (doeljaar t.o.v. basisjaar)", unit="personen"),
            BRON,
            BRON_REGEL,
        ),
        source=MEMORANDUM,
        source_files=("001_",),
        key=("leeftijdsgroep", "jaar_basis", "jaar_doel"),
        public=True,
        keywords=("bevolking", "projectie", "vergrijzing"),
        theme="SOCI",
        reference_date="2018",
    ),
    Dataset(
        name="doelen",
        title="Beleidsdoelen met een cijfer en een jaar (memorandum 2018)",
        description="Doelen die het memorandum met een getal en een doeljaar noemt (CO2-uitstoot, "
        "ruimtebeslag), met wie ze stelt (‘kader’) en de zin waaruit ze gelezen werden.",
        columns=(
            Column("doel", "string", "Vaste sleutel van het doel"),
            Column("omschrijving", "string", "Wat het doel meet"),
            Column("waarde", "float", "Doelwaarde (0 = ‘geen’)"),
            Column("eenheid", "string", "Eenheid of grootheid van de doelwaarde"),
            Column("doeljaar", "int", "Jaar waartegen het doel gehaald moet zijn", minimum=1900),
            Column("kader", "string", "Wie het doel stelt of bepleit, zoals de zin het noemt"),
            BRON,
            BRON_REGEL,
            Column("citaat", "string", "De zin uit het brondocument waaruit het doel gelezen werd"),
        ),
        source=MEMORANDUM,
        source_files=("001_",),
        key=("doel",),
        public=True,
        keywords=("klimaat", "ruimte", "doelen", "memorandum"),
        theme="ENVI",
        reference_date="2018",
    ),
    Dataset(
        name="aanbevelingen",
        title="Beleidsaanbevelingen memorandum 2018",
        description="De beleidsaanbevelingen die het M-team van Groep Mechelen na de verkiezingen van "
        "14 oktober 2018 aan het nieuwe bestuur voorlegde, per thema en hoofdstuk.",
        columns=(
            Column("nr", "int", "Volgnummer van de aanbeveling in het memorandum", minimum=1),
            Column("thema_nr", "int", "Nummer van het thema", minimum=1),
            Column("thema", "string", "Thema"),
            Column("deel", "string", "Deel van het thema (alleen bij thema 4)", nullable=True),
            Column("hoofdstuk", "string", "Hoofdstuk binnen het thema"),
            Column("tekst", "string", "Volledige tekst van de aanbeveling"),
            BRON,
            BRON_REGEL,
        ),
        source=MEMORANDUM,
        source_files=("001_",),
        key=("nr",),
        public=True,
        keywords=("beleid", "memorandum", "aanbevelingen"),
        reference_date="2018",
    ),
    Dataset(
        name="acties",
        title="Mogelijke acties per aanbeveling (memorandum 2018)",
        description="De opsommingen onder ‘Mogelijke acties’ bij elke aanbeveling van het memorandum; "
        "deelpunten staan bij hun actie.",
        columns=(
            Column(
                "aanbeveling_nr",
                "int",
                "Nummer van de aanbeveling waarbij de actie hoort",
                minimum=1,
                refers=("aanbevelingen", "nr"),
            ),
            Column("volgorde", "int", "Volgorde van de actie binnen de aanbeveling", minimum=1),
            Column("tekst", "string", "Tekst van de actie"),
            BRON,
            BRON_REGEL,
        ),
        source=MEMORANDUM,
        source_files=("001_",),
        key=("aanbeveling_nr", "volgorde"),
        public=True,
        keywords=("beleid", "memorandum", "acties"),
        reference_date="2018",
    ),
    Dataset(
        name="voortgang",
        title="Voortgangsrapport organisatiebeheersing",
        description="Realisaties en planning per domein van organisatiebeheersing. Deelpunten hebben "
        "niveau 1 en verwijzen via ‘ouder’ naar de volgorde van hun hoofdpunt. Een punt dat onder twee "
        "domeinen staat, staat er (zoals in het rapport) twee keer, met ‘ook_in_domein’ en één ‘item_nr’.",
        columns=(
            Column("rapport_jaar", "int", "Jaar van het voortgangsrapport"),
            Column("domein", "string", "Domein van organisatiebeheersing"),
            Column(
                "soort",
                "string",
                "Realisatie of planning",
                allowed=("realisatie", "planning"),
                synonyms=spellings(realisatie=("realisaties",), planning=("gepland",)),
            ),
            Column("niveau", "int", "0 = hoofdpunt, 1 = deelpunt", minimum=0, fill=Default(0, note=False)),
            Column(
                "ouder",
                "int",
                "Volgorde van het hoofdpunt (alleen bij deelpunten)",
                nullable=True,
                fill=Parent("niveau", "volgorde", within=("rapport_jaar", "domein", "soort")),
            ),
            Column(
                "volgorde",
                "int",
                "Volgorde binnen domein en soort",
                minimum=1,
                fill=Numbered(within=("rapport_jaar", "domein", "soort")),
            ),
            Column("titel", "string", "Omschrijving van het punt"),
            Column(
                "item_nr",
                "int",
                "Nummer van het punt binnen rapportjaar en soort; hetzelfde punt onder twee domeinen heeft "
                "hetzelfde nummer (unieke punten tellen = nummers tellen)",
                minimum=1,
                fill=Computed("etl.extract.voortgang:mark_shared_items"),
            ),
            Column(
                "ook_in_domein",
                "string",
                "Ander(e) domein(en) waar hetzelfde punt ook staat",
                nullable=True,
                fill=Computed("etl.extract.voortgang:mark_shared_items"),
            ),
            BRON,
            BRON_REGEL,
        ),
        source=VOORTGANG,
        source_files=("004_",),
        key=("rapport_jaar", "domein", "soort", "volgorde"),
        match_key=("rapport_jaar", "domein", "soort", "titel"),  # by title: volgorde is a position
        upload=UploadSpec(
            fields=(
                UploadField("rapport_jaar", ("jaar", "rapportjaar")),
                UploadField("domein", ("beheersdomein",)),
                UploadField("soort", ("type", "realisatie/planning")),
                UploadField("titel", ("omschrijving", "item", "actie")),
                UploadField("niveau", required=False),
            ),
            mode="partition",
            partition="rapport_jaar",
        ),
        keywords=("organisatiebeheersing", "interne controle", "voortgang"),
        frequency="jaarlijks",
        reference_date="2022",
        reference_column="rapport_jaar",
    ),
    Dataset(
        name="tijdlijn",
        title="Tijdlijn integratie stad–OCMW en lokaal sociaal beleid",
        description="Mijlpalen van de integratie van stad en OCMW (2010–2017) en van het lokaal sociaal "
        "beleid (decreten 2004–2018). De tijdlijnslide verloor haar opmaak in de tekstexport: de "
        "gebeurtenissen van 2010–2017 zijn in leesvolgorde aan de jaren toegekend (‘jaar_bron’ = "
        "afgeleid); waar een ander document het jaar van dezelfde gebeurtenis noemt, geldt dat jaar "
        "(‘ander document’, met een opmerking). Deelpunten dragen hun kop (‘Realisatie: Zorgbedrijf’).",
        columns=(
            Column("jaar", "int", "Jaar", minimum=1900),
            Column(
                "jaar_bron",
                "string",
                "Hoe het jaar gekend is: gelezen (staat bij de gebeurtenis), afgeleid (leesvolgorde van de "
                "slide) of ander document (een ander brondocument noemt het jaar)",
                allowed=("gelezen", "afgeleid", "ander document"),
            ),
            Column("kop", "string", "Kop waaronder de gebeurtenis op de slide staat", nullable=True),
            Column("gebeurtenis", "string", "Gebeurtenis of mijlpaal (met haar kop ervoor)"),
            Column("opmerking", "string", "Tegenstrijdigheid of bevestiging uit een ander document", nullable=True),
            BRON,
            BRON_REGEL,
        ),
        source=f"{SAMEN_LEVEN}; {SOCIAAL_BELEID}",
        source_files=("000_", "003_"),
        public=True,
        keywords=("integratie", "OCMW", "sociaal beleid", "geschiedenis"),
        theme="SOCI",
        reference_date="2018",
    ),
    Dataset(
        name="indicatoren",
        title="Indicatoren: definitie, eenheid, thema en bron",
        description="Eén rij per indicator: wat hij meet, in welke eenheid, van welke organisatie, hoe "
        "de gebieden optellen tot de stad, welke richting beter is, en of hij publiek is. De kerncijfers "
        "van het memorandum zijn indicatoren; analisten voegen er toe via een blad ‘indicatoren’.",
        columns=(
            Column("code", "string", "Vaste sleutel van de indicator (bv. werkzoekenden_pct)"),
            Column("titel", "string", "Titel"),
            Column("definitie", "string", "Wat de indicator meet", nullable=True),
            Column("eenheid", "string", "Eenheid van de waarden (%, personen, euro, …)"),
            Column("thema", "string", "Thema"),
            Column("bron_organisatie", "string", "Organisatie die de cijfers levert", nullable=True),
            Column("frequentie", "string", "Hoe vaak er nieuwe cijfers komen", nullable=True),
            Column(
                "aggregatie",
                "string",
                "Hoe gebieden optellen tot de stad",
                allowed=("som", "gemiddelde", "aandeel", "geen"),
            ),
            Column("teller", "string", "Bij een aandeel: de indicator van de teller", nullable=True),
            Column("noemer", "string", "Bij een aandeel: de indicator van de noemer", nullable=True),
            Column(
                "richting",
                "string",
                "Welke richting beter is",
                allowed=("hoger is beter", "lager is beter", "neutraal"),
            ),
            Column("publiek", "string", "Mag iedereen de cijfers zien", allowed=("ja", "nee")),
            Column("doel", "float", "Beleidsdoel (in de eenheid van de indicator)", nullable=True),
            Column("doeljaar", "int", "Jaar waarin het doel bereikt moet zijn", nullable=True),
            Column(
                "synthetisch",
                "string",
                "ja = demogegevens (gegenereerd, geen echte cijfers); leeg = nee",
                nullable=True,
                allowed=("ja", "nee"),
            ),
            BRON,
            BRON_REGEL,
        ),
        source=f"{MEMORANDUM} (kerncijfers); opgeladen spreadsheets (analisten)",
        source_files=("001_",),
        key=("code",),
        upload=UploadSpec(
            fields=(
                UploadField("code", ("indicator", "sleutel")),
                UploadField("titel", ("naam", "omschrijving")),
                UploadField("definitie", ("beschrijving",), required=False),
                UploadField("eenheid", ("unit",)),
                UploadField("thema", ("domein",)),
                UploadField("bron_organisatie", ("bron", "organisatie", "leverancier"), required=False),
                UploadField("frequentie", required=False),
                UploadField("aggregatie", ("optellen",)),
                UploadField("teller", required=False),
                UploadField("noemer", required=False),
                UploadField("richting", ("beter",)),
                UploadField("publiek", ("open data",)),
                UploadField("doel", ("streefwaarde", "doelwaarde"), required=False),
                UploadField("doeljaar", ("streefjaar",), required=False),
                UploadField("synthetisch", ("demo",), required=False),
            ),
            mode="upsert",
        ),
        public=True,
        public_rows=PublicRows("publiek"),
        keywords=("indicatoren", "stadsmonitor", "wijken"),
        theme="SOCI",
        frequency="doorlopend",
        reference_date="per waarde (periode)",
    ),
    Dataset(
        name="indicatorwaarden",
        title="Indicatorwaarden per gebied en periode",
        description="De waarde van elke indicator per gebied (stad, wijk, …) en periode. Een ontbrekende "
        "waarde blijft leeg (status ‘ontbreekt’); een klein aantal dat om privacyredenen afgeschermd is, "
        "heeft status ‘afgeschermd’ en geen waarde. Elke rij draagt haar herkomst: document en regel, of "
        "bestand › blad, rij en kolom van de upload.",
        columns=(
            Column("indicator", "string", "Code van de indicator (zie ‘indicatoren’)"),
            Column("gebied_type", "string", "Soort gebied: stad, wijk, statistische sector, gemeente, …"),
            Column("gebied", "string", "Naam van het gebied (zoals in ‘gebieden’)"),
            Column("periode", "string", "Periode: een jaar (2021), later ook kwartaal (2021-K1) of maand"),
            Column("jaar", "int", "Jaar waarin de periode valt", minimum=1900),
            Column("waarde", "float", "Waarde (leeg als ze ontbreekt of afgeschermd is)", nullable=True),
            Column("status", "string", "gewoon, ontbreekt of afgeschermd", allowed=INDICATOR_STATUSES),
            BRON,
            BRON_REGEL,
            Column("bron_kolom", "string", "Kolom in het opgeladen blad (bv. C)", nullable=True),
        ),
        source=f"{MEMORANDUM} (kerncijfers); opgeladen spreadsheets (analisten)",
        source_files=("001_",),
        key=("indicator", "gebied_type", "gebied", "periode"),
        upload=UploadSpec(
            fields=(
                UploadField("indicator", ("code", "indicatorcode")),
                UploadField("gebied", ("wijk", "buurt", "gebiedsnaam", "sector")),
                UploadField("periode", ("jaar", "year", "referentiejaar")),
                UploadField("waarde", ("value", "cijfer", "aantal")),
                UploadField("gebied_type", ("gebiedstype", "niveau"), required=False),
            ),
            mode="upsert",
            reader="etl.indicators.upload:read_indicator_values",
            layouts=("lang", "breed"),
            companions=("indicatoren",),
        ),
        public=True,
        public_rows=PublicRows("indicator", lookup="indicatoren", key="code"),
        keywords=("indicatoren", "wijken", "tijdreeksen"),
        theme="SOCI",
        frequency="doorlopend",
        reference_date="per waarde (periode)",
    ),
)

# Datasets fed by analysts' uploads rather than by `etl build` (see the upload flow).
UPLOAD_DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="bevolking_leeftijd",
        title="Bevolking per leeftijd en geslacht",
        description="Aantal inwoners per jaar, leeftijd (of leeftijdsband), geslacht en eventueel wijk, "
        "waargenomen of geprojecteerd. Wordt door analisten opgeladen.",
        columns=(
            Column("jaar", "int", "Jaar (1 januari)", minimum=1900),
            Column("leeftijd", "string", "Leeftijd in jaren (0…110) of een band zoals ‘0-4’"),
            Column(
                "geslacht",
                "string",
                "M, V of X (leeg = totaal)",
                nullable=True,
                allowed=("M", "V", "X"),
                synonyms=spellings(M=("man", "mannen"), V=("vrouw", "vrouwen", "f")),
            ),
            Column("wijk", "string", "Wijk (leeg = de hele stad)", nullable=True),
            Column("aantal", "int", "Aantal inwoners", unit="inwoners", minimum=0),
            Column(
                "soort",
                "string",
                "Waargenomen of projectie",
                allowed=("waargenomen", "projectie"),
                synonyms=spellings(waargenomen=("observatie",), projectie=("prognose",)),
                fill=Default("waargenomen"),
            ),
            BRON,
            BRON_REGEL,
        ),
        source="Opgeladen spreadsheet (analisten)",
        source_files=(),
        key=("jaar", "leeftijd", "geslacht", "wijk", "soort"),
        upload=UploadSpec(
            fields=(
                UploadField("jaar", ("year",)),
                UploadField("leeftijd", ("age", "leeftijdsjaar", "leeftijdsgroep")),
                UploadField("geslacht", ("sexe", "sex", "gender"), required=False),
                UploadField("wijk", ("buurt", "deelgemeente", "wijknaam"), required=False),
                UploadField("aantal", ("inwoners", "bevolking", "aantal inwoners")),
                UploadField("soort", ("type",), required=False),
            ),
            mode="partition",
            partition="jaar",
            totals=("aantal",),
        ),
        period="jaar",
        public=True,
        keywords=("bevolking", "leeftijd", "projectie"),
        theme="SOCI",
        frequency="jaarlijks",
        reference_column="jaar",
    ),
    Dataset(
        name="gebieden",
        title="Gebieden (stad, wijken, …) en hun grenzen",
        description="De gebieden waarvoor indicatoren cijfers hebben: soort, code, naam, het gebied "
        "waarin het ligt (sector → wijk → stad) en de grens (GeoJSON, WGS84) wanneer een analist een "
        "GeoJSON opgeladen heeft.",
        columns=(
            Column("gebied_type", "string", "Soort gebied: stad, wijk, statistische sector, gemeente, …"),
            Column("code", "string", "Code van het gebied"),
            Column("naam", "string", "Naam van het gebied"),
            Column("ouder", "string", "Naam van het gebied waarin het ligt", nullable=True),
            Column("geometrie", "string", "Grens als GeoJSON-geometrie (WGS84)", nullable=True),
            BRON,
            BRON_REGEL,
        ),
        source="Opgeladen GeoJSON (analisten)",
        source_files=(),
        key=("gebied_type", "code"),
        upload=UploadSpec(
            fields=(
                UploadField("code", ("id", "wijkcode")),
                UploadField("naam", ("name", "wijk", "wijknaam")),
                UploadField("gebied_type", ("type", "niveau"), required=False),
                UploadField("ouder", ("parent",), required=False),
            ),
            mode="partition",
            partition="gebied_type",
            reader="etl.indicators.geo:read_geojson",
            file_types=("geojson", "json", "xlsx", "csv"),
        ),
        public=True,
        keywords=("wijken", "grenzen", "kaart"),
        theme="REGI",
        frequency="bij wijziging",
    ),
)

ALL_DATASETS: tuple[Dataset, ...] = DATASETS + UPLOAD_DATASETS


@dataclass(frozen=True)
class Headline:
    """A headline figure (a tile) and the datasets that can provide it. The tile shows the most
    recent figure among them and names its source; on equal reference years the first listed wins.
    ``kerncijfers`` provides the row with this ``indicator``; ``bevolking_leeftijd`` provides the
    total of its latest observed year (the query layer holds that SQL, per dataset)."""

    indicator: str
    label: str  # short label on the tile
    sources: tuple[str, ...]


HEADLINES: tuple[Headline, ...] = (
    Headline("inwoners", "Inwoners", ("bevolking_leeftijd", "kerncijfers")),
    Headline("nationaliteiten", "Nationaliteiten", ("kerncijfers",)),
    Headline("aandeel_migratieachtergrond", "Met migratieachtergrond", ("kerncijfers",)),
    Headline("alleenstaanden_zonder_kinderen", "Alleenstaanden", ("kerncijfers",)),
)

_BY_NAME = {d.name: d for d in ALL_DATASETS}


class UnknownDataset(KeyError):
    def __str__(self) -> str:
        known = ", ".join(sorted(_BY_NAME))
        return f"onbekende dataset {self.args[0]!r}; bekend zijn: {known}"


def get_dataset(name: str) -> Dataset:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownDataset(name) from None


def public_datasets() -> list[Dataset]:
    return [d for d in ALL_DATASETS if d.public]


def public_rows_sql(dataset: Dataset, alias: str = "") -> str | None:
    """The SQL condition (over the dataset's own rows) that keeps what the public may see, or None
    when every row of a public dataset is public. The one implementation of :class:`PublicRows`."""
    rule = dataset.public_rows
    if rule is None:
        return None
    column = f"{alias}.{rule.column}" if alias else rule.column
    if rule.lookup is None:
        return f"{column} = 'ja'"
    lookup = get_dataset(rule.lookup)
    return f"{column} IN (SELECT {lookup.column(rule.key or 'code').name} FROM {lookup.name} WHERE {rule.flag} = 'ja')"


def upload_datasets() -> list[Dataset]:
    return [d for d in ALL_DATASETS if d.upload is not None]
