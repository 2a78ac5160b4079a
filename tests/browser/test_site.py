"""The built seed site in a real browser, served under a subpath as on a project site.

The site is built into a temporary folder and served at ``http://127.0.0.1:PORT/repo/``
by a small local server that, like a static host, answers a missing path with the
site's ``404.html``. Headless Chromium then crawls every internal link, uses the filter
and the search, and runs the axe-core accessibility checker on each kind of page.
Screenshots at desktop and phone widths, in light and dark, go to ``tests/artifacts/``.

These tests are skipped when the ``playwright`` package or a Chromium binary is missing
(set ``TIMELINE_CHROMIUM`` to a browser binary to choose one); the axe test is skipped
when ``npm ci`` has not been run in ``tests/browser``.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed", exc_type=ImportError)

from timeline.pipeline import BuildConfig, build  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = os.environ.get("TIMELINE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
DESKTOP, PHONE = 1280, 360

if not CHROMIUM:
    pytest.skip("no Chromium binary (apt-get install chromium)", allow_module_level=True)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing path gets the site's 404 page, as a static host does."""

    site_dir: Path

    def log_message(self, format, *args):  # noqa: A002 (the library's name)
        pass

    def send_error(self, code, message=None, explain=None):
        page = self.site_dir / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class Site:
    base: str
    out: Path
    data: dict

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    out = root / "repo"
    handler = type("Handler", (_Handler,), {"site_dir": out})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_port}/repo/"
        build(BuildConfig(seeds=ROOT / "seeds", out=out, base_url=base, use_cache=False))
        yield Site(base, out, json.loads((out / "events.json").read_text(encoding="utf-8")))
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        except Exception as err:  # a browser that cannot start is a missing browser
            pytest.skip(f"Chromium at {CHROMIUM} does not start: {err}")
        yield chromium
        chromium.close()


class Watch:
    """Console errors, uncaught exceptions and requests to any other host, per page."""

    def __init__(self, page, origin: str):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        page.on("request", lambda r: self.foreign.append(r.url) if not r.url.startswith((origin, "data:")) else None)


def _page(browser, site, width=DESKTOP, **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site.base))
    return context, page, Watch(page, origin)


# an SVG link's href is an object: resolve its attribute against the page instead
LINKS = """() => Array.from(document.querySelectorAll('a[href], link[href], script[src]'))
  .map(e => new URL(e.getAttribute('href') || e.getAttribute('src'), document.baseURI).href)"""


def test_every_internal_link_resolves(browser, site):
    context, page, watch = _page(browser, site)
    pages, assets, fragments = {}, set(), set()
    todo = [site.url("index.html")]
    while todo:
        url = todo.pop()
        if url in pages:
            continue
        response = page.goto(url)
        pages[url] = response.status
        ids = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        fragments.update((url, f) for f in ids)
        for link in page.evaluate(LINKS):
            target, fragment = urldefrag(link)
            if not target.startswith(site.base):
                continue
            target = target.split("?")[0]
            if target == site.base:
                target = site.url("index.html")
            if fragment:
                fragments.add((target, "?" + fragment))  # resolved below
            if target.endswith(".html"):
                todo.append(target)
            else:
                assets.add(target)
    statuses = {asset: page.request.get(asset).status for asset in sorted(assets)}
    context.close()
    assert all(status == 200 for status in pages.values()), {u: s for u, s in pages.items() if s != 200}
    assert all(status == 200 for status in statuses.values()), statuses
    assert {site.url(name) for name in ("events.json", "timelinejs.json", "feed.xml", "static/style.css")} <= set(statuses)
    wanted = {(u, f[1:]) for u, f in fragments if f.startswith("?")}
    have = {(u, f) for u, f in fragments if not f.startswith("?")}
    assert wanted <= have, sorted(wanted - have)[:5]
    every = {site.url(e["url"]) for e in site.data["events"]} | {site.url(a["page"]) for a in site.data["articles"]}
    assert every <= set(pages), sorted(every - set(pages))[:5]
    assert not watch.errors, watch.errors
    assert not watch.foreign, watch.foreign


def test_every_event_is_on_the_timeline(browser, site):
    context, page, watch = _page(browser, site)
    page.goto(site.url("index.html"))
    hrefs = page.eval_on_selector_all("#timeline li.event a.event-title", "els => els.map(e => e.href)")
    assert hrefs == [site.url(e["url"]) for e in site.data["events"]]
    ranks = sorted((e["rank"], e["url"]) for e in site.data["events"] if e["rank"] > 0)[:10]
    page.goto(site.url("key.html"))
    key = page.eval_on_selector_all("#timeline li.event a.event-title", "els => els.map(e => e.href)")
    assert sorted(key) == sorted(site.url(url) for _, url in ranks)
    context.close()
    assert not watch.errors, watch.errors


def _visible(page) -> list[str]:
    return page.eval_on_selector_all("#timeline li.event", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")


def test_filter_and_search_keep_their_state_in_the_url(browser, site):
    context, page, watch = _page(browser, site)
    counts: dict[str, list[str]] = {}
    for event in site.data["events"]:
        for article in dict.fromkeys(m["article"] for m in event["mentions"]):
            counts.setdefault(article, []).append(event["id"])
    article, expected = max(sorted(counts.items()), key=lambda item: len(item[1]))
    page.goto(site.url(f"index.html?source={article}"))
    assert page.input_value("#filter-source") == article
    assert _visible(page) == expected
    assert f"{len(expected)} of {len(site.data['events'])}" in page.inner_text("#filter-status")

    page.select_option("#filter-source", "")
    page.fill("#filter-q", "macron")
    shown = _visible(page)
    assert shown and len(shown) < len(site.data["events"])
    for event in site.data["events"]:
        text = " ".join([event["title"]] + [m["text"] for m in event["mentions"]]).lower()
        assert (event["id"] in shown) == ("macron" in text), event["id"]
    assert page.url.endswith("index.html?q=macron")

    page.reload()
    assert page.input_value("#filter-q") == "macron" and _visible(page) == shown
    page.fill("#filter-q", "no such words anywhere")
    assert _visible(page) == [] and page.is_visible("#no-results")
    page.click("button[type=reset]")
    page.wait_for_function("document.querySelectorAll('#timeline li.event[hidden]').length === 0")
    assert page.url.endswith("/repo/index.html")
    context.close()
    assert not watch.errors, watch.errors


def test_works_without_javascript(browser, site):
    context, page, watch = _page(browser, site, java_script_enabled=False)
    page.goto(site.url("index.html?q=macron"))
    assert len(_visible(page)) == len(site.data["events"])
    assert not page.is_visible("#filter")
    context.close()


def test_keyboard_skip_link_and_visible_focus(browser, site):
    context, page, watch = _page(browser, site)
    page.goto(site.url("index.html"))
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
    assert focused[0] == "skip-link" and focused[1] != "none"
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.keyboard.press("Tab")
    style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert style != "none"
    context.close()


def test_missing_page_gets_the_404_page_at_any_depth(browser, site):
    context, page, watch = _page(browser, site)
    response = page.goto(site.url("events/no/such/event.html"))
    assert response.status == 404
    assert page.inner_text("h1") == "Page not found"
    assert page.evaluate("() => getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"  # styled
    page.click("text=Go to the timeline")
    assert page.url in (site.base, site.url("index.html"))
    context.close()


PAGES = {
    "index": "index.html",
    "key": "key.html",
    "graph": "graph.html",
    "sources": "sources.html",
    "404": "404.html",
}


def _sample_pages(site) -> dict[str, str]:
    pages = dict(PAGES)
    events = site.data["events"]
    richest = max(events, key=lambda e: (len(e["mentions"]), len(e["depends_on"]), -events.index(e)))
    pages["event"] = richest["url"]
    pages["article"] = max(site.data["articles"], key=lambda a: sum(a["id"] == m["article"] for e in events for m in e["mentions"]))["page"]
    return pages


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations(browser, site, scheme):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed: run npm ci in tests/browser")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # axe is injected as an inline script, which the pages' Content-Security-Policy forbids
    context, page, watch = _page(browser, site, color_scheme=scheme, bypass_csp=True)
    report, serious = {}, []
    for name, path in _sample_pages(site).items():
        page.goto(site.url(path))
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        report[name] = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in result["violations"]
        ]
        serious += [(name, v["id"], v["impact"]) for v in result["violations"] if v["impact"] in ("serious", "critical")]
    (ARTIFACTS / f"axe-{scheme}.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    context.close()
    assert not serious, serious


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_and_no_sideways_scrolling(browser, site, width, scheme):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context, page, watch = _page(browser, site, width=width, color_scheme=scheme)
    too_wide = []
    for name, path in _sample_pages(site).items():
        page.goto(site.url(path))
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:  # the graph scrolls inside its own box, never the page
            too_wide.append((name, overflow))
    context.close()
    assert not too_wide, too_wide
    assert not watch.errors, watch.errors
