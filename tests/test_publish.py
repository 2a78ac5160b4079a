"""Feed, sitemap and TimelineJS export: valid, absolute where they must be, deterministic."""
import json
import xml.etree.ElementTree as ET
from datetime import date

from timeline.publish import atom_feed, normalise_base, site_updated, sitemap, sitemap_pages, timelinejs
from timeline.records import Article, Event, Mention, When

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

ARTICLES = (
    Article("a", "a.md", "A <b>bold</b> title", "text", date(2025, 11, 27), "front-matter", None, "Wire & Co"),
    Article("b", "b.txt", "Second", "text", date(2025, 11, 20), "text"),
)


def ev(id_, w, articles=("a",), **kw):
    mentions = tuple(Mention(a, f"Sentence <i>{id_}</i> & more.", 0, 10, "Tuesday") for a in articles)
    return Event(id_, f"Title {id_} <script>", w, mentions, **kw)


EVENTS = (
    ev("y", When("2015", date(2015, 1, 1), date(2015, 12, 31), "year")),
    ev("dec", When("200X", date(2000, 1, 1), date(2009, 12, 31), "decade", mod="START")),
    ev("m", When("2025-07", date(2025, 7, 1), date(2025, 7, 31), "month"), ("a", "b")),
    ev("r", When(None, date(2025, 11, 24), date(2025, 11, 27), None, derived=True)),
    ev("d", When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"), ("b",)),
    ev("u", When()),
)
BASE = "https://user.github.io/repo/"


def test_base_url_normalised():
    assert normalise_base("https://user.github.io/repo") == BASE
    assert normalise_base(None) is None


def test_updated_from_articles_or_epoch():
    assert site_updated(ARTICLES, EVENTS).isoformat() == "2025-11-27T00:00:00+00:00"
    assert site_updated(ARTICLES, EVENTS, "0").isoformat() == "1970-01-01T00:00:00+00:00"
    assert site_updated(ARTICLES, EVENTS, "not a number").isoformat() == "2025-11-27T00:00:00+00:00"


def test_atom_feed_is_valid_and_absolute():
    updated = site_updated(ARTICLES, EVENTS)
    text = atom_feed("Timeline", BASE, ARTICLES, EVENTS, updated)
    root = ET.fromstring(text.encode())
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text == "2025-11-27T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(EVENTS)
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith(BASE + "events/")
        assert entry.find(f"{ATOM}link").get("href").startswith(BASE)
    # latest on the timeline first; an event only in article b is as recent as b
    assert entries[1].find(f"{ATOM}id").text.endswith("events/d.html")
    assert entries[1].find(f"{ATOM}updated").text == "2025-11-20T00:00:00Z"
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_sitemap_lists_every_page_absolutely():
    updated = site_updated(ARTICLES, EVENTS)
    text = sitemap(BASE, sitemap_pages(ARTICLES, EVENTS, ["index.html", "key.html"], updated))
    locs = [u.find(f"{SM}loc").text for u in ET.fromstring(text.encode()).findall(f"{SM}url")]
    assert locs[0] == BASE
    assert BASE + "events/d.html" in locs and BASE + "articles/b.html" in locs
    assert len(locs) == 2 + len(EVENTS) + len(ARTICLES)


def test_timelinejs_dates_at_their_precision():
    doc = json.loads(timelinejs("Timeline", ARTICLES, EVENTS, lambda p: BASE + p))
    slides = {s["unique_id"]: s for s in doc["events"]}
    assert "u" not in slides  # an undated event cannot be placed
    assert slides["y"]["start_date"] == {"year": 2015} and "end_date" not in slides["y"]
    assert slides["dec"]["start_date"] == {"year": 2000} and slides["dec"]["end_date"] == {"year": 2009}
    assert slides["dec"]["display_date"] == "early 2000s"
    assert slides["m"]["start_date"] == {"year": 2025, "month": 7}
    assert slides["d"]["start_date"] == {"year": 2025, "month": 11, "day": 25}
    assert slides["r"]["end_date"] == {"year": 2025, "month": 11, "day": 27}
    assert slides["r"]["display_date"] == "between 24 and 27 November 2025"


def test_timelinejs_escapes_article_text():
    text = timelinejs("Timeline", ARTICLES, EVENTS, lambda p: p)
    doc = json.loads(text)
    for slide in doc["events"]:
        assert "<script>" not in slide["text"]["headline"]
        assert "<i>" not in slide["text"]["text"]
        assert slide["text"]["headline"].startswith('<a href="events/')


def test_timelinejs_from_kept_slides_is_the_document():
    from timeline.publish import timelinejs_line, timelinejs_utf8
    by_id = {a.id: a for a in ARTICLES}
    for events in (EVENTS, EVENTS[-1:], ()):  # dated and undated; undated only; none
        slides = [(timelinejs_line(e, by_id, lambda p: BASE + p) or "").encode("utf-8") for e in events]
        assert timelinejs_utf8("A & B", ARTICLES, slides) == timelinejs("A & B", ARTICLES, events, lambda p: BASE + p).encode("utf-8")
