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


@dataclass(frozen=True)
class Column:
    name: str
    dtype: DType
    description: str
    unit: str | None = None
    nullable: bool = False
    minimum: float | None = None
    allowed: tuple[str, ...] | None = None

    @property
    def arrow_type(self) -> pa.DataType:
        return _ARROW_TYPES[self.dtype]


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


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    source: str  # the document(s) it is read from, as a person names them
    source_files: tuple[str, ...]  # file-name prefixes in data/raw
    key: tuple[str, ...] = ()
    public: bool = False
    owner: str = "Team Data & Analyse, Groep Mechelen"
    frequency: str = "eenmalig (brondocument)"
    reference_date: str = ""
    keywords: tuple[str, ...] = ()
    theme: str = "GOVE"  # EU data theme code (publications.europa.eu data-theme)
    licence: str = LICENCE_TITLE
    licence_uri: str = LICENCE_URI
    synthetic: bool = False  # demo data must be labelled as such wherever it is shown
    upload: UploadSpec | None = None  # set when analysts may feed the dataset with a spreadsheet
    period: str | None = None  # the column with a row's reference year: totals are per value of it
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} heeft geen kolom {name!r}")

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


SAMEN_LEVEN = "Presentatie ‘Naar een vernieuwde directie Samen Leven’ (000)"
MEMORANDUM = "Memorandum Groep Mechelen 2018 (001)"
SOCIAAL_BELEID = "Presentatie lokaal sociaal beleid Mechelen (003)"
VOORTGANG = "Voortgangsrapport organisatiebeheersing 2022 (004)"
# The source documents by the number their file name starts with, as a person names them.
DOCUMENTS = {"000": SAMEN_LEVEN, "001": MEMORANDUM, "003": SOCIAAL_BELEID, "004": VOORTGANG}

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        name="fte_afdeling",
        title="Personeel (VTE) per afdeling van de directie Samen Leven",
        description="Aantal voltijdse equivalenten (VTE) per afdeling van de directie Samen Leven, "
        "zoals op de afdelingsslides van de presentatie over de vernieuwde directie.",
        columns=(
            Column("directie", "string", "Directie waartoe de afdeling behoort"),
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
    ),
    Dataset(
        name="teams",
        title="Teams per afdeling van de directie Samen Leven",
        description="De teams en functies op elke afdelingsslide (zonder het afdelingshoofd of de "
        "leiding zelf). Een naam die meermaals op een slide staat (‘Overhead’ bij Burgerzaken) sluit "
        "telkens een groep teams af; die rijen dragen hun afdeling en groep in de naam, en de teams "
        "van zo’n groep hebben de groep in ‘groep’.",
        columns=(
            Column("afdeling", "string", "Afdeling (zoals in ‘Personeel per afdeling’)"),
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
            Column("aanbeveling_nr", "int", "Nummer van de aanbeveling waarbij de actie hoort", minimum=1),
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
            Column("soort", "string", "Realisatie of planning", allowed=("realisatie", "planning")),
            Column("niveau", "int", "0 = hoofdpunt, 1 = deelpunt", minimum=0),
            Column("ouder", "int", "Volgorde van het hoofdpunt (alleen bij deelpunten)", nullable=True),
            Column("volgorde", "int", "Volgorde binnen domein en soort", minimum=1),
            Column("titel", "string", "Omschrijving van het punt"),
            Column(
                "item_nr",
                "int",
                "Nummer van het punt binnen rapportjaar en soort; hetzelfde punt onder twee domeinen heeft "
                "hetzelfde nummer (unieke punten tellen = nummers tellen)",
                minimum=1,
            ),
            Column("ook_in_domein", "string", "Ander(e) domein(en) waar hetzelfde punt ook staat", nullable=True),
            BRON,
            BRON_REGEL,
        ),
        source=VOORTGANG,
        source_files=("004_",),
        key=("rapport_jaar", "domein", "soort", "volgorde"),
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
            Column("geslacht", "string", "M, V of X (leeg = totaal)", nullable=True, allowed=("M", "V", "X")),
            Column("wijk", "string", "Wijk (leeg = de hele stad)", nullable=True),
            Column("aantal", "int", "Aantal inwoners", unit="inwoners", minimum=0),
            Column("soort", "string", "Waargenomen of projectie", allowed=("waargenomen", "projectie")),
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
    ),
)

ALL_DATASETS: tuple[Dataset, ...] = DATASETS + UPLOAD_DATASETS

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


def upload_datasets() -> list[Dataset]:
    return [d for d in ALL_DATASETS if d.upload is not None]
