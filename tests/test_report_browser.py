"""The report in a real browser: Debian's Chromium through Playwright opens the exported file and
must make no network request; every check-worthy claim is visible with its status in words; text
meets 4.5:1 contrast; a phone-sized screen does not scroll sideways; print media hides the
navigation and prints. Leaves the screenshot the README shows at docs/report.png."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from browser import launch, require_chromium
from claimdesk.db import open_db
from claimdesk.report import STATUS_DISPLAY, export_report

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "docs" / "report.png"

# For every element with text of its own: its colour, and the first opaque background behind it.
CONTRASTS_JS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const fg = rgb(getComputedStyle(el).color).slice(0, 3), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push({tag: el.tagName, cls: el.className, text: el.textContent.trim().slice(0, 40),
              ratio: (a + 0.05) / (b + 0.05)});
  }
  return out;
}
"""


@pytest.fixture
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch(p)
        try:
            yield chromium
        finally:
            chromium.close()


def open_offline(browser, url: str, **context_options):
    """A page that records every request and lets nothing but ``url`` itself through."""
    context = browser.new_context(**context_options)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    context.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page, requests


def test_the_report_in_chromium(browser, built_db, tmp_path):
    out = tmp_path / "report.html"
    db = open_db(built_db)
    export_report(db, out)
    url = out.as_uri()
    claims = list(sqlite_utils.Database(built_db).query("SELECT id, status FROM claims WHERE checkworthy = 1"))
    assert len(claims) == 8

    context, page, requests = open_offline(browser, url, viewport={"width": 900, "height": 1400})
    try:
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

        for claim in claims:
            mark = page.locator(f"mark#claim-{claim['id']}")
            assert mark.is_visible() and mark.get_attribute("data-status") == claim["status"]
            badge = page.locator(f"mark[data-claim='{claim['id']}'] a.badge").last
            assert badge.is_visible()
            assert STATUS_DISPLAY[claim["status"]].label in badge.inner_text()
            box = mark.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0
        assert page.locator("li#note-3").is_visible()
        page.locator("mark[data-claim='3'] a.badge").click()  # a footnote reference goes to the footnote
        assert page.evaluate("location.hash") == "#note-3"
        page.evaluate("window.scrollTo(0, 0)")

        low = [c for c in page.evaluate(CONTRASTS_JS) if c["ratio"] < 4.5]
        assert not low, low

        page.emulate_media(media="print")
        assert page.locator(".back").first.is_hidden()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    finally:
        context.close()
    assert requests == [url], f"the report made network requests: {requests}"


def test_the_report_on_a_phone(browser, built_db, tmp_path):
    out = tmp_path / "report.html"
    export_report(open_db(built_db), out)
    url = out.as_uri()
    context, page, requests = open_offline(
        browser, url, viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert page.locator("mark#claim-3").is_visible()
        body_size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-text')).fontSize)")
        assert body_size >= 16
    finally:
        context.close()
    assert requests == [url]


def test_the_empty_report_in_chromium(browser, tmp_path):
    out = tmp_path / "empty.html"
    export_report(open_db(tmp_path / "e.db"), out)
    context, page, requests = open_offline(browser, out.as_uri())
    try:
        assert page.locator(".notice").inner_text() == "No articles in the database yet, so no claims reviewed yet."
    finally:
        context.close()
    assert requests == [out.as_uri()]
