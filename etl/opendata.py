"""The open-data export: static files an open-data portal harvests, generated from the catalog.

For every public dataset (``public=True`` in :mod:`etl.catalog`) whose current table exists:

    <name>.csv       UTF-8 with BOM, ``;`` between fields, ``,`` as decimal sign, formulas defused
    <name>.xlsx      the same rows as a spreadsheet, formulas defused — left out, with a Dutch note
                     in both descriptions, for a table over Excel's row limit (:mod:`etl.writers`)
    <name>.parquet   a byte copy of the current table

and two descriptions of them:

    catalogus.jsonld   a DCAT-AP-VL catalogue (the Flemish profile of DCAT-AP 2) in JSON-LD, whose
                       values are typed as DCAT-AP 3.0's range shapes require (see RANGES)
    datapackage.json   a Frictionless tabular Data Package over the CSV files

Non-public datasets are never written; files of catalog datasets that are no longer exported
(made non-public, or their table is gone, or too large for Excel) are removed from the output
folder, and nothing else in it is touched. Every file is written atomically; the two descriptions
are written after the files they describe.

The descriptions are made from the catalog and the tables' metadata (publish times, row counts
from the Parquet footers), so :func:`catalogue_documents` builds them without writing or reading
any table — for the app's Catalogus page. Only the export knows the files' sizes and the CSV's
checksum, and adds them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.parquet as pq

from etl.access import public_table
from etl.catalog import ALL_DATASETS, LICENCE_TITLE, LICENCE_URI, PUBLISHER, Dataset, public_datasets
from etl.io import write_bytes_atomic
from etl.settings import is_production
from etl.store import Store, parquet_bytes
from etl.writers import fits_excel, to_csv_bytes, to_xlsx_bytes, xlsx_note

CATALOGUE_FILE = "catalogus.jsonld"
DATAPACKAGE_FILE = "datapackage.json"
DEFAULT_BASE_URL = "http://localhost:8501"
# Placeholder until the city confirms a functional mailbox for open-data questions: set
# MECHELEN_CONTACT_EMAIL in production. The export prints a warning while it is not set.
PLACEHOLDER_CONTACT_EMAIL = "data@mechelen.be"

CATALOGUE_TITLE = "Mechelen in cijfers: open data"
CATALOGUE_DESCRIPTION = (
    "Open data van Groep Mechelen (stad en OCMW Mechelen): cijfers en teksten uit beleidsdocumenten, "
    "als CSV, XLSX en Parquet, met bron en regelnummer bij elke rij."
)
PACKAGE_NAME = "mechelen-in-cijfers"
LICENCE_NAME = "modellicentie-gratis-hergebruik-v1.0"

EU = "http://publications.europa.eu/resource/authority"
DATA_THEME = f"{EU}/data-theme/"
ACCESS_PUBLIC = f"{EU}/access-right/PUBLIC"
LANGUAGE_NL = f"{EU}/language/NLD"
FILE_TYPE = f"{EU}/file-type/"
FREQUENCY = f"{EU}/frequency/"
IANA = "http://www.iana.org/assignments/media-types/"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


@dataclass(frozen=True)
class Format:
    extension: str
    media_type: str  # IANA
    file_type: str  # EU file-type authority code
    label: str


FORMATS: tuple[Format, ...] = (
    Format("csv", "text/csv", "CSV", "CSV"),
    Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", "XLSX"),
    Format("parquet", "application/vnd.apache.parquet", "PARQUET", "Parquet"),
)

# Catalog frequency (Dutch, as people write it) → EU frequency authority code.
_FREQUENCIES = {"jaarlijks": "ANNUAL", "maandelijks": "MONTHLY", "driemaandelijks": "QUARTERLY", "eenmalig": "NEVER"}

_FIELD_TYPES = {"string": "string", "int": "integer", "float": "number", "date": "date"}


class OpenDataError(Exception):
    """The export cannot run; the message says why (in Dutch)."""


class NoPublicTables(OpenDataError):
    """The Parquet folder holds no table of a public dataset: there is nothing to publish."""


@dataclass
class Described:
    """One exported dataset as the descriptions present it. ``sizes`` and ``csv_sha256`` are known
    only once the files are written (by the export); the descriptions leave them out otherwise."""

    dataset: Dataset
    modified: str  # ISO date-time
    issued: str | None
    rows: int  # the rows exported (the public ones)
    sizes: dict[str, int] = field(default_factory=dict)  # extension → bytes
    csv_sha256: str | None = None

    @property
    def formats(self) -> tuple[Format, ...]:
        """The distributions: no XLSX for a table over Excel's row limit."""
        return tuple(f for f in FORMATS if f.extension != "xlsx" or fits_excel(self.rows))

    @property
    def note(self) -> str | None:
        """Why a distribution is missing (Dutch), or None."""
        return None if fits_excel(self.rows) else xlsx_note(self.rows)

    def file_name(self, fmt: Format) -> str:
        return f"{self.dataset.name}.{fmt.extension}"


@dataclass
class OpenDataResult:
    out: Path
    datasets: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Dutch, one per dataset with a format left out


def contact_email() -> str:
    return os.environ.get("MECHELEN_CONTACT_EMAIL") or PLACEHOLDER_CONTACT_EMAIL


def default_base_url() -> str:
    """The public address of the platform: ``MECHELEN_PUBLIC_URL`` (``MECHELEN_BASE_URL``, its
    older name, is still read); the local development server when neither is set."""
    return os.environ.get("MECHELEN_PUBLIC_URL") or os.environ.get("MECHELEN_BASE_URL") or DEFAULT_BASE_URL


_LOCAL_HOSTS = {"localhost", "0.0.0.0", "::"}


def is_local(url: str) -> bool:
    """True when ``url`` is not an address the public can reach: no http(s) host, localhost, a
    loopback, private or link-local IP, or a ``.local``/``.localhost`` name."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return True
    if host in _LOCAL_HOSTS or host.endswith((".localhost", ".local", ".internal")) or "." not in host:
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_unspecified


def check_base_url(url: str) -> None:
    """In production the catalogue must advertise a public address: refuse a local one."""
    if is_production() and is_local(url):
        raise OpenDataError(
            f"het publieke adres {url!r} is lokaal of ongeldig; zet MECHELEN_PUBLIC_URL op het publieke adres "
            "van het platform (bv. https://cijfers.mechelen.be) — in productie (MECHELEN_ENV=production) "
            "wordt geen lokaal adres gepubliceerd"
        )


def _iso(moment: dt.datetime) -> str:
    """ISO 8601 in UTC (so that the strings sort in time order); a naive time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _issued(store: Store, name: str) -> str | None:
    """The time of the first version in the audit log, if there is one."""
    entries = store.entries(name)
    if not entries:
        return None
    try:
        return _iso(dt.datetime.fromisoformat(entries[0].tijd))
    except ValueError:
        return None


def exportable(parquet: Path) -> list[Dataset]:
    """Public datasets whose current table exists, in catalog order."""
    store = Store(parquet)
    return [d for d in public_datasets() if store.exists(d.name)]


def _exported_rows(store: Store, dataset: Dataset) -> int:
    """The number of rows the export writes, from the Parquet footers of the current files; the
    public rows are counted only when they could matter (over Excel's limit), as that reads data."""
    rows = sum(pq.read_metadata(f).num_rows for f in store.current_files(dataset.name))
    if dataset.public_rows is not None and not fits_excel(rows):
        rows = public_table(store, dataset).num_rows
    return rows


def describe(store: Store, dataset: Dataset, rows: int | None = None) -> Described:
    """A dataset as the descriptions present it, from its metadata only (no table is read);
    ``rows``: the rows exported, when the caller has the table already."""
    state = store.state(dataset.name)
    current = state.current if state else None
    moment = current.tijd if current else dt.datetime.now(dt.UTC)
    rows = _exported_rows(store, dataset) if rows is None else rows
    return Described(dataset, _iso(moment), _issued(store, dataset.name), rows)


def _exported_table(store: Store, dataset: Dataset) -> pa.Table:
    table = store.read_current(dataset.name)
    assert table is not None  # exportable: it exists
    if dataset.public_rows is not None:  # only the public rows (e.g. indicators marked publiek)
        public = public_table(store, dataset)
        if public.num_rows < table.num_rows:  # else the published table itself, as for any dataset
            table = public
    return table


def _distribution_files(dataset: Dataset, table: pa.Table) -> dict[str, bytes]:
    # catalog column order; integer columns with nulls stay integers (not 3.0) in the CSV
    frame = table.select(dataset.column_names).to_pandas(integer_object_nulls=True)
    files = {"csv": to_csv_bytes(frame)}
    if fits_excel(table.num_rows):
        files["xlsx"] = to_xlsx_bytes(frame, sheet=dataset.name)
    files["parquet"] = parquet_bytes(table)
    return files


# --- DCAT-AP-VL ----------------------------------------------------------------------------------
def _nl(text: str) -> dict:
    return {"@value": text, "@language": "nl"}


def _typed(value: str, xsd: str) -> dict:
    return {"@value": value, "@type": f"xsd:{xsd}"}


def _ref(iri: str, cls: str | None = None) -> dict:
    """A reference to ``iri``, typed as ``cls`` when given: DCAT-AP's range shapes require the
    value of e.g. ``dct:license`` to be a ``dct:LicenseDocument`` (see RANGES)."""
    return {"@id": iri, "@type": cls} if cls else {"@id": iri}


# The class DCAT-AP 3.0 expects as the value of each property (its range shapes, shapes/range.ttl).
RANGES = {
    "dct:license": "dct:LicenseDocument",
    "dcat:mediaType": "dct:MediaType",
    "dct:format": "dct:MediaTypeOrExtent",
    "dct:language": "dct:LinguisticSystem",
    "dct:accrualPeriodicity": "dct:Frequency",
    "dcat:theme": "skos:Concept",
    "dct:accessRights": "dct:RightsStatement",
    "foaf:homepage": "foaf:Document",
}


# The English labels of the EU data themes the catalog uses (publications.europa.eu data-theme
# authority table): a skos:Concept needs its skos:prefLabel in DCAT-AP 3.0. A new theme in the
# catalog needs its label here (a test checks).
# The EU data-theme vocabulary (http://publications.europa.eu/resource/authority/data-theme), its
# official English labels: a catalog theme outside this list fails the catalog test.
THEME_LABELS = {
    "AGRI": "Agriculture, fisheries, forestry and food",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
    "ENER": "Energy",
    "ENVI": "Environment",
    "GOVE": "Government and public sector",
    "HEAL": "Health",
    "INTR": "International issues",
    "JUST": "Justice, legal system and public safety",
    "REGI": "Regions and cities",
    "SOCI": "Population and society",
    "TECH": "Science and technology",
    "TRAN": "Transport",
}


def _value(prop: str, iri: str) -> dict:
    return _ref(iri, RANGES[prop])


def _theme(code: str) -> dict:
    return {
        **_value("dcat:theme", DATA_THEME + code),
        "skos:prefLabel": {"@value": THEME_LABELS[code], "@language": "en"},
    }


def _publisher(base: str) -> dict:
    return {
        "@id": f"{base}/id/organisatie/groep-mechelen",
        "@type": "foaf:Agent",
        "foaf:name": PUBLISHER,
    }


def _contact(base: str, dataset: Dataset, email: str) -> dict:
    return {
        "@id": f"{base}/id/contactpunt/{dataset.name}",
        "@type": ["vcard:Kind", "vcard:Organization"],  # Kind: DCAT-AP's range; Organization: what it is
        "vcard:fn": dataset.owner,
        "vcard:hasEmail": _ref(f"mailto:{email}"),
    }


def _frequency(dataset: Dataset) -> str | None:
    for word, code in _FREQUENCIES.items():
        if dataset.frequency.startswith(word):
            return FREQUENCY + code
    return None


def _description(item: Described) -> str:
    text = item.dataset.description
    if item.dataset.synthetic:
        text = f"DEMOGEGEVENS, geen echte cijfers. {text}"
    return f"{text} {item.note}" if item.note else text


def dataset_node(item: Described, base: str, email: str) -> dict:
    ds = item.dataset
    iri = f"{base}/id/dataset/{ds.name}"
    distributions = []
    for fmt in item.formats:
        url = f"{base}/open/{item.file_name(fmt)}"
        distribution = {
            "@id": f"{iri}/distributie/{fmt.extension}",
            "@type": "dcat:Distribution",
            "dct:title": _nl(f"{ds.title} ({fmt.label})"),
            "dcat:accessURL": _ref(url),
            "dcat:downloadURL": _ref(url),
            "dct:format": _value("dct:format", FILE_TYPE + fmt.file_type),
            "dcat:mediaType": _value("dcat:mediaType", IANA + fmt.media_type),
            "dct:license": _value("dct:license", ds.licence_uri),
            "dct:modified": _typed(item.modified, "dateTime"),
        }
        if fmt.extension in item.sizes:  # known once written
            distribution["dcat:byteSize"] = _typed(str(item.sizes[fmt.extension]), "decimal")
        distributions.append(distribution)
    node: dict = {
        "@id": iri,
        "@type": "dcat:Dataset",
        "dct:title": _nl(ds.title),
        "dct:description": _nl(_description(item)),
        "dct:identifier": iri,
        "adms:identifier": {"@type": "adms:Identifier", "skos:notation": ds.name},
        "dcat:keyword": [_nl(k) for k in ds.keywords],
        "dcat:theme": _theme(ds.theme),
        "dct:publisher": _ref(_publisher(base)["@id"]),
        "dcat:contactPoint": _contact(base, ds, email),
        "dct:accessRights": _value("dct:accessRights", ACCESS_PUBLIC),
        "dct:language": _value("dct:language", LANGUAGE_NL),
        "dct:modified": _typed(item.modified, "dateTime"),
        "dct:provenance": {"@type": "dct:ProvenanceStatement", "rdfs:label": _nl(f"Bron: {ds.source}")},
        "dcat:distribution": distributions,
    }
    if item.issued:
        node["dct:issued"] = _typed(item.issued, "dateTime")
    if frequency := _frequency(ds):
        node["dct:accrualPeriodicity"] = _value("dct:accrualPeriodicity", frequency)
    return node


def catalogue_jsonld(items: list[Described], base: str, email: str) -> dict:
    modified = max(i.modified for i in items)
    issued = min(i.issued or i.modified for i in items)
    catalogue = {
        "@id": f"{base}/id/catalogus/mechelen-in-cijfers",
        "@type": "dcat:Catalog",
        "dct:title": _nl(CATALOGUE_TITLE),
        "dct:description": _nl(CATALOGUE_DESCRIPTION),
        "dct:identifier": f"{base}/id/catalogus/mechelen-in-cijfers",
        "dct:publisher": _ref(_publisher(base)["@id"]),
        "foaf:homepage": _value("foaf:homepage", base + "/"),
        "dct:language": _value("dct:language", LANGUAGE_NL),
        "dct:license": _value("dct:license", LICENCE_URI),
        "dct:issued": _typed(issued, "dateTime"),
        "dct:modified": _typed(modified, "dateTime"),
        "dcat:dataset": [_ref(f"{base}/id/dataset/{i.dataset.name}") for i in items],
    }
    return {
        "@context": CONTEXT,
        "@graph": [catalogue, _publisher(base), *(dataset_node(i, base, email) for i in items)],
    }


# --- Frictionless Data Package -------------------------------------------------------------------
def _field(dataset: Dataset, name: str) -> dict:
    col = dataset.column(name)
    out: dict = {"name": col.name, "type": _FIELD_TYPES[col.dtype], "title": col.description}
    out["description"] = f"{col.description} (eenheid: {col.unit})" if col.unit else col.description
    if col.dtype == "float":
        out["decimalChar"] = ","  # the CSV uses Belgian decimals, like the downloads in the app
    if col.unit:
        out["unit"] = col.unit
    constraints: dict = {}
    if not col.nullable:
        constraints["required"] = True
    if col.minimum is not None:
        constraints["minimum"] = int(col.minimum) if col.dtype == "int" else col.minimum
    if col.allowed:
        constraints["enum"] = list(col.allowed)
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(dataset: Dataset) -> dict:
    schema: dict = {"fields": [_field(dataset, c) for c in dataset.column_names], "missingValues": [""]}
    if dataset.key:
        schema["primaryKey"] = list(dataset.key)
    return schema


def _resource(item: Described) -> dict:
    ds = item.dataset
    resource: dict = {
        "profile": "tabular-data-resource",
        "name": ds.name,
        "path": f"{ds.name}.csv",
        "title": ds.title,
        "description": _description(item),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
    }
    if "csv" in item.sizes:  # known once written
        resource["bytes"] = item.sizes["csv"]
    if item.csv_sha256:
        resource["hash"] = f"sha256:{item.csv_sha256}"
    return resource | {
        "dialect": {"delimiter": ";", "quoteChar": '"', "doubleQuote": True, "header": True},
        "sources": [{"title": ds.source}],
        "licenses": [{"name": LICENCE_NAME, "path": ds.licence_uri, "title": ds.licence}],
        "schema": table_schema(ds),
    }


def datapackage(items: list[Described], base: str) -> dict:
    licence = {"name": LICENCE_NAME, "path": LICENCE_URI, "title": LICENCE_TITLE}
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": CATALOGUE_TITLE,
        "description": CATALOGUE_DESCRIPTION,
        "homepage": base + "/",
        "id": f"{base}/id/catalogus/mechelen-in-cijfers",
        "created": max(i.modified for i in items),
        "contributors": [{"title": PUBLISHER, "role": "publisher"}],
        "licenses": [licence],
        "resources": [_resource(i) for i in items],
    }


# --- the export ----------------------------------------------------------------------------------
def _json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _checked(parquet: Path, base_url: str) -> tuple[list[Dataset], str]:
    datasets = exportable(parquet)
    if not datasets:
        raise NoPublicTables(str(parquet))
    check_base_url(base_url)
    return datasets, base_url.rstrip("/")


def _documents(items: list[Described], base: str, email: str) -> dict[str, bytes]:
    return {
        DATAPACKAGE_FILE: _json_bytes(datapackage(items, base)),
        CATALOGUE_FILE: _json_bytes(catalogue_jsonld(items, base, email)),
    }


def catalogue_documents(parquet: Path, base_url: str, email: str | None = None) -> dict[str, bytes]:
    """``catalogus.jsonld`` and ``datapackage.json`` (file name → content) as the export describes
    its files, made from the metadata alone: nothing is written and no table is read, so the sizes
    and the CSV's checksum are left out. Raises as :func:`export_open_data` does."""
    datasets, base = _checked(parquet, base_url)
    store = Store(parquet)
    return _documents([describe(store, ds) for ds in datasets], base, email or contact_email())


def export_open_data(parquet: Path, out: Path, base_url: str, email: str | None = None) -> OpenDataResult:
    """Write the open-data files for every exportable dataset into ``out``.

    Raises :class:`NoPublicTables` (and writes nothing) when there is nothing to export, and
    :class:`OpenDataError` when ``out`` is the Parquet folder itself or, in production, when
    ``base_url`` is not a public address.
    """
    datasets, base = _checked(parquet, base_url)
    if out.resolve() == parquet.resolve():
        raise OpenDataError("de uitvoermap mag niet de Parquet-map zelf zijn")
    store = Store(parquet)
    result = OpenDataResult(out=out)
    items: list[Described] = []
    for ds in datasets:
        table = _exported_table(store, ds)
        item = describe(store, ds, rows=table.num_rows)
        contents = _distribution_files(ds, table)
        for ext, data in contents.items():
            target = out / f"{ds.name}.{ext}"
            write_bytes_atomic(data, target)
            result.written.append(target)
        item.sizes = {ext: len(data) for ext, data in contents.items()}
        item.csv_sha256 = hashlib.sha256(contents["csv"]).hexdigest()
        items.append(item)
        result.datasets.append(ds.name)
        if item.note:
            result.notes.append(f"{ds.name}: {item.note}")
    for name, data in _documents(items, base, email or contact_email()).items():
        write_bytes_atomic(data, out / name)
        result.written.append(out / name)
    _remove_stale(out, result)
    return result


def _remove_stale(out: Path, result: OpenDataResult) -> None:
    """Files of catalog datasets this export did not write (no longer public, gone, or a format
    left out): an old file must not pass for the current data."""
    written = {p.name for p in result.written}
    for ds in ALL_DATASETS:
        for fmt in FORMATS:
            stale = out / f"{ds.name}.{fmt.extension}"
            if stale.name not in written and stale.is_file():
                stale.unlink()
                result.removed.append(stale)
