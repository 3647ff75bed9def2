"""The first page in a real browser: figures in the DOM, the chart drawn, a screenshot saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, wait_ready

pytestmark = pytest.mark.e2e


def test_overzicht_in_chromium(page, app_url):
    page.goto(app_url)
    wait_ready(page)
    metrics = page.locator('[data-testid="stMetricValue"]')
    expect(metrics.first).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]', has_text="Inwoners")).to_contain_text("86.194")
    expect(page.locator('[data-testid="stMetric"]', has_text="VTE directie")).to_contain_text("253,75")
    chart = page.locator('[data-testid="stPlotlyChart"]')
    expect(chart).to_be_visible()
    # Plotly draws the bar labels as SVG text, in the Belgian format
    expect(chart.locator("text", has_text="93,47")).to_have_count(1)
    expect(chart.locator(".gtitle")).to_contain_text("VTE per afdeling")
    screenshot(page, "overzicht")
