"""The rendered site: safe with hostile articles, relative links, every page reachable."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.markup import Highlight, article_html
from timeline.records import Article, Event, Mention, Problem, Timex, When
from timeline.render import SiteData, SiteOptions, group_events, key_event_ids, render_site
from timeline.svg import ROW, dependency_svg

HOSTILE = (
    "Officials met on Tuesday <script>alert(1)</script> in Ankara.\n\n"
    '<img src=x onerror="alert(2)"> and <a href="javascript:alert(3)">click</a>\n\n'
    "[a link](javascript:alert(4)) [data](data:text/html,<b>x</b>) [ok](https://example.org/ok)\n\n"
    '[quote](https://example.org/" onmouseover="alert(5)) ![pixel](https://tracker.example/p.png)\n\n'
    "<div onclick=alert(6)>block</div>\n\n# A heading in the text"
)


def _hostile_article() -> Article:
    return Article("evil", "evil.md", 'Evil <script>alert("t")</script> "title"', HOSTILE, date(2025, 11, 27), "front-matter",
                   "javascript:alert(7)", "Bad <b>Source</b>")


def _site(base_url=None, depends=True, **options):
    article = _hostile_article()
    start = HOSTILE.index("Tuesday")
    timex = Timex(start, start + 7, "Tuesday", "DATE", "2025-11-25", "day")
    other = Article("b", "b.txt", "Second", "Talks on 2015 and more.", None)
    t2015 = Timex(9, 13, "2015", "DATE", "2015", "year")
    events = (
        Event("e-2015", "Talks in 2015", When("2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
              (Mention("b", "Talks on 2015 and more.", 0, 23, "2015", t2015),), rank=2),
        Event("e-tue", 'Officials met <script>x</script>', When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day"),
              (Mention("evil", "Officials met on Tuesday <script>alert(1)</script> in Ankara.", 0, 61, "Tuesday", timex),),
              depends_on=("e-2015",) if depends else (), rank=1),
    )
    data = SiteData((article, other), events, (Problem("b.txt", "no date"),), {"evil": (timex,), "b": (t2015,)})
    return render_site(data, SiteOptions(base_url=base_url, source_date_epoch="", **options))


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _tags(html: str):
    parser = Collector()
    parser.feed(html)
    return parser.tags


def test_hostile_article_cannot_inject():
    files = _site()
    for name, content in files.items():
        if not name.endswith(".html"):
            continue
        html = content.decode()
        for tag, attrs in _tags(html):
            assert not any(a.startswith("on") for a in attrs), (name, tag, attrs)
            assert tag not in ("img", "iframe", "object", "embed", "style", "base"), (name, tag)
            if tag == "script":
                assert set(attrs) <= {"src", "defer"} and attrs["src"].endswith("static/timeline.js"), name
            for attr in ("href", "src"):
                value = attrs.get(attr) or ""
                assert not value.lower().lstrip().startswith(("javascript:", "data:text", "vbscript:")), (name, value)
        assert "alert(7)" not in html  # an article URL that is not http(s) is not shown
    page = files["articles/evil.html"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="https://example.org/ok"' in page
    assert not any("tracker.example" in url for url in re.findall(r'(?:src|href)="([^"]*)"', page))
    assert "<h1>" in page and page.count("<h1>") == 1


def test_only_relative_links_between_pages():
    files = _site()
    for name, content in files.items():
        if not name.endswith(".html"):
            continue
        for tag, attrs in _tags(content.decode()):
            for attr in ("href", "src"):
                value = attrs.get(attr)
                if value is None or value.startswith(("#", "?")):
                    continue
                assert not value.startswith("/"), (name, value)
                if re.match(r"[a-z]+:", value):
                    # the only absolute links are an article's own http(s) links
                    assert name.startswith("articles/") and value.startswith("https://"), (name, value)


def test_every_page_reachable_from_the_index():
    files = _site()
    seen, todo = set(), ["index.html"]
    import posixpath
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        for tag, attrs in _tags(files[page].decode()):
            href = attrs.get("href") if tag == "a" else None
            if not href or re.match(r"[a-z]+:", href) or href.startswith(("#", "?")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0].split("?")[0]))
            assert target in files, (page, href)
            if target.endswith(".html"):
                todo.append(target)
    expected = {n for n in files if n.endswith(".html")} - {"404.html"}
    assert expected <= seen


def test_event_page_links_both_ways_and_explains_its_date():
    files = _site(base_url="https://user.github.io/repo")
    later = files["events/e-tue.html"].decode()
    earlier = files["events/e-2015.html"].decode()
    assert 'href="e-2015.html"' in later and "Depends on" in later
    assert 'href="e-tue.html"' in earlier and "depend on this one" in earlier
    assert "“Tuesday” in an article published Thursday 27 November 2025" in later
    assert '<mark class="timex">Tuesday</mark>' in later
    assert '<link rel="canonical" href="https://user.github.io/repo/events/e-tue.html">' in later
    assert '<meta property="og:title"' in later and '<meta name="twitter:card" content="summary">' in later
    assert "<script>x" not in later


def test_feed_and_sitemap_only_with_a_base_url():
    assert "feed.xml" not in _site() and "sitemap.xml" not in _site()
    files = _site(base_url="https://user.github.io/repo")
    ET.fromstring(files["feed.xml"])
    ET.fromstring(files["sitemap.xml"])
    assert b'href="https://user.github.io/repo/static/style.css"' in files["404.html"]
    for name in (".nojekyll", "404.html", "events.json", "timelinejs.json", "static/timeline.js"):
        assert name in files


def test_rendering_is_deterministic():
    assert _site(base_url="https://x.org/t/") == _site(base_url="https://x.org/t/")


def test_key_events_page_lists_top_ranked():
    files = _site(key_events=1)
    key = files["key.html"].decode()
    assert "events/e-tue.html" in key and "events/e-2015.html" not in key
    assert "events/e-2015.html" in files["index.html"].decode()


def test_index_groups_by_year_and_month_and_keeps_script_external():
    index = _site()["index.html"].decode()
    assert index.index(">2015</h2>") < index.index(">2025</h2>") < index.index(">November 2025</h3>")
    assert '<time datetime="2025-11-25">Tuesday 25 November 2025</time>' in index
    assert "<script>" not in index and 'data-sources="evil"' in index
    assert '<form class="filter" id="filter" role="search" aria-label="Filter events" hidden>' in index


def _events(n: int, deps: bool = True) -> tuple[Event, ...]:
    events = []
    for i in range(n):
        day = date(2019, 1, 1) + timedelta(days=7 * i)
        depends = (events[i - 1].id, events[i // 2].id) if deps and i else ()
        events.append(Event(f"e{i:03d}", f"Event {i} <b>", When(day.isoformat(), day, day, "day"), (), tuple(dict.fromkeys(depends)), rank=i + 1))
    return tuple(events)


def test_group_events_keeps_order():
    events = _events(60, deps=False)
    groups = group_events(events)
    flat = [e for y in groups for run in y["runs"] for e in run["events"]]
    assert flat == list(events)
    assert [y["label"] for y in groups] == ["2019", "2020"]
    assert key_event_ids(events, 3) == {"e000", "e001", "e002"}


def test_graph_of_200_events_is_legible():
    events = _events(200)
    svg = str(dependency_svg(events, lambda i: f"events/{i}.html", frozenset({"e000"})))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    links = root.findall(f"{ns}a")
    assert [a.get("href") for a in links] == [f"events/{e.id}.html" for e in events]
    ys = [float(a.find(f"{ns}circle").get("cy")) for a in links]
    assert all(b - a >= ROW for a, b in zip(ys, ys[1:]))  # one row per event, never overlapping
    assert int(root.get("width")) <= 800 and "transform" not in svg  # text is drawn at full size
    assert len(root.findall(f"{ns}path")) == 199 + 198 - 1  # deduplicated edges
    assert "<b>" not in svg


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(list("ab <>\"'&=/:()[]!*`#\n\\") + ["javascript:", "<script>", " on", "http://", "](", "\ue000"]), max_size=60).map("".join))
def test_article_html_never_lets_markup_through(text):
    highlights = [Highlight(0, min(2, len(text)), text[:2], "t", "e.html")] if len(text) >= 2 else []
    for tag, attrs in _tags(str(article_html(text, highlights))):
        assert tag in {"p", "br", "hr", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li",
                       "h2", "h3", "h4", "h5", "h6", "a", "span", "mark"}, tag
        assert set(attrs) <= {"href", "title", "rel", "class", "id"}
        href = attrs.get("href")
        assert href is None or href == "e.html" or re.match(r"https?://", href)


def test_lists_name_a_few_sources_and_the_event_page_all():
    """A report seven outlets carry word for word: the lists name five sources and link to
    the event page, which names all seven under one quote of the sentence."""
    text = "Talks resumed in Geneva on Tuesday."
    articles = tuple(Article(f"a{i}", f"a{i}.txt", f"Outlet {i}", text, date(2025, 11, 27)) for i in range(7))
    when = When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day")
    timex = Timex(25, 32, "Tuesday", "DATE", "2025-11-25", "day")
    event = Event("e-talks", "Talks resumed in Geneva", when, tuple(Mention(a.id, text, 0, len(text), "Tuesday", timex) for a in articles))
    site = render_site(SiteData(articles, (event,), (), {a.id: (timex,) for a in articles}), SiteOptions(source_date_epoch=""))
    index = site["index.html"].decode()
    item = index[index.index('<li class="event'):index.index("</li>", index.index('<li class="event'))]
    assert item.count('href="articles/') == 5 and '<a href="events/e-talks.html">and 2 more</a>' in item
    assert "7 sources" in item and 'data-sources="a0 a1 a2 a3 a4 a5 a6"' in item
    assert item.count(text) == 1  # the sentence all seven carry is searched once
    page = site["events/e-talks.html"].decode()
    assert all(f"Outlet {i}" in page for i in range(7))
    # The page quotes the sentence once, above the seven reports of it.
    assert page.count("<blockquote>") == 1 and page.count("Read it in the article") == 7
