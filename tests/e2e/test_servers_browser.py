"""Several app servers on one PostgreSQL catalog and one shared warehouse folder: two processes
publish the same dataset 20 times each at once; no update is lost, the versions are in order,
and both servers show the last version within 5 s, without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from etl.store import Store
from tests.e2e.harness import ROOT, SERVED, app_env, running_server, wait_ready

PUBLISHES = 20
BASE = 100_000  # inwoners becomes BASE + the number of rows the publishers added: 100.040 at the end

PUBLISHER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    import pyarrow as pa, pyarrow.compute as pc
    from pathlib import Path
    from etl.store import Store
    from tests.store.test_store import kern_table

    folder, name, start_at = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    store = Store(folder)
    while time.time() < start_at:
        time.sleep(0.001)
    for i in range({n}):
        def add_mine(current):
            # one row of ours more, and inwoners counts the added rows: a lost update shows in both
            row = {{**kern_table(1).to_pylist()[0], "indicator": f"test_{{name}}_{{i}}"}}
            table = current.replace_schema_metadata(None)
            table = pa.concat_tables([table, pa.Table.from_pylist([row], schema=table.schema)])
            added = pc.sum(pc.starts_with(table["indicator"], "test_")).as_py()
            waarde = pc.if_else(pc.equal(table["indicator"], "inwoners"), float({base} + added), table["waarde"])
            return table.set_column(2, "waarde", waarde)
        store.publish("kerncijfers", add_mine, bestand=f"{{name}}.xlsx", bestand_sha256="0" * 64, gebruiker=name)
    """
)


@pytest.mark.e2e
def test_two_servers_one_catalog(built_data: Path, pg_server, tmp_path: Path, browser):
    from playwright.sync_api import expect

    shared = {"MECHELEN_CATALOG_URI": pg_server.new_database(), "MECHELEN_WAREHOUSE": str(tmp_path / "warehouse")}
    first = tmp_path / "server1" / "parquet"
    Store(built_data / "parquet").copy_to(
        Store(first, catalog_uri=shared["MECHELEN_CATALOG_URI"], warehouse=shared["MECHELEN_WAREHOUSE"])
    )
    base_versions = len(Store(first, catalog_uri=shared["MECHELEN_CATALOG_URI"]).history("kerncijfers"))
    script = tmp_path / "publisher.py"
    script.write_text(PUBLISHER.format(root=str(ROOT), n=PUBLISHES, base=BASE))
    env = {**os.environ, **shared}
    with (
        running_server(SERVED, tmp_path / "s1.log", {**app_env(tmp_path / "server1"), **shared}) as (u1, _),
        running_server(SERVED, tmp_path / "s2.log", {**app_env(tmp_path / "server2"), **shared}) as (u2, _),
    ):
        context = browser.new_context()
        pages = [context.new_page(), context.new_page()]
        for page, url in zip(pages, (u1, u2), strict=True):
            page.goto(url)
            wait_ready(page)
            expect(page.get_by_text("86.194").first).to_be_visible(timeout=30_000)
        start_at = time.time() + 2.0  # both interpreters loaded, then they publish at once
        procs = [
            subprocess.Popen([sys.executable, str(script), str(tmp_path / f"cli{i}"), f"p{i}", str(start_at)], env=env)
            for i in (1, 2)
        ]
        assert [proc.wait(timeout=120) for proc in procs] == [0, 0]
        done = time.monotonic()
        print(f"2 processes × {PUBLISHES} publishes: {time.time() - start_at:.1f} s")
        for page, url in zip(pages, (u1, u2), strict=True):
            page.goto(url)  # a new visit, no restart of the server
            expect(page.get_by_text(f"{BASE + 2 * PUBLISHES:,}".replace(",", "."))).to_be_visible(
                timeout=max(100, 5000 - (time.monotonic() - done) * 1000)
            )
            print(f"{url}: last version shown {time.monotonic() - done:.1f} s after the last publish")
        context.close()

    store = Store(first, catalog_uri=shared["MECHELEN_CATALOG_URI"])
    history = store.history("kerncijfers")[base_versions:]
    assert len(history) == 2 * PUBLISHES  # every publish a version, none lost
    assert [e.versie for e in history] == list(range(base_versions + 1, base_versions + 2 * PUBLISHES + 1))
    for name in ("p1", "p2"):  # each process's own publishes in the order it made them
        assert [e.rijen for e in history if e.gebruiker == name] == sorted(
            e.rijen for e in history if e.gebruiker == name
        )
    indicators = store.read_current("kerncijfers").column("indicator").to_pylist()
    assert {f"test_p{n}_{i}" for n in (1, 2) for i in range(PUBLISHES)} <= set(indicators)
    # any Iceberg client reads the same: plain pyiceberg on the PostgreSQL catalog
    from pyiceberg.catalog.sql import SqlCatalog

    plain = SqlCatalog("mechelen", uri=shared["MECHELEN_CATALOG_URI"], warehouse=shared["MECHELEN_WAREHOUSE"])
    rows = plain.load_table("mechelen.kerncijfers").scan(row_filter="indicator == 'inwoners'").to_arrow()
    assert rows.column("waarde").to_pylist() == [BASE + 2 * PUBLISHES]  # what both pages showed
