"""Event identity: URLs survive growth, retitling, merging and disappearance of events."""
from __future__ import annotations

from datetime import date

from buildhelp import make_project

from timeline import registry as reg
from timeline.pipeline import BuildConfig, build
from timeline.records import Article, Event, Mention, When
from timeline.render import SiteOptions, render_pages

ARTICLES = tuple(Article(f"a{n}", f"dir/a {n}.md", f"A{n}", "") for n in range(4))


def event(ident: str, *sentences: tuple[str, str], value: str = "2025-11-25", title: str = "T") -> Event:
    day = date.fromisoformat(value) if len(value) == 10 else None
    mentions = tuple(Mention(article, text, 0, len(text)) for article, text in sentences)
    return Event(ident, title, When(value, day, day, "day"), mentions)


def run(registry: reg.Registry, *events: Event) -> tuple[dict[str, str], reg.Registry]:
    renamed, updated = reg.reconcile(registry, events, ARTICLES)
    return {old.id: new.id for old, new in zip(events, renamed)}, updated


def status(registry: reg.Registry) -> dict[str, tuple[str, str | None]]:
    return {e.id: (e.status, e.target) for e in registry.entries}


def first() -> reg.Registry:
    _, registry = run(reg.Registry(), event("x", ("a0", "Talks began.")), event("y", ("a1", "A deal was signed.")))
    return registry


def test_first_build_keeps_natural_ids():
    assert status(first()) == {"x": ("live", None), "y": ("live", None)}


def test_new_reports_and_new_title_keep_the_id():
    ids, registry = run(first(), event("x2", ("a0", "Talks began."), ("a2", "Talks   began."), title="New"), event("y", ("a1", "A deal was signed.")))
    assert ids == {"x2": "x", "y": "y"}
    assert status(registry) == {"x": ("live", None), "y": ("live", None)}


def test_merged_event_redirects_to_the_survivor():
    merged = event("z", ("a0", "Talks began."), ("a1", "A deal was signed."), ("a2", "Talks began too."))
    ids, registry = run(first(), merged)
    assert ids == {"z": "x"}  # tie on shared mentions: the smaller id survives
    assert status(registry) == {"x": ("live", None), "y": ("merged-into", "x")}
    pages = reg.retired_pages(registry)
    assert pages == (("events/y.html", "redirect.html", {"target": "events/x.html", "old_id": "y"}),)


def test_vanished_event_is_withdrawn_and_can_come_back():
    ids, registry = run(first(), event("x", ("a0", "Talks began.")))
    assert status(registry)["y"] == ("withdrawn", None)
    ids, registry = run(registry, event("y-new", ("a1", "A deal was signed.")), event("x", ("a0", "Talks began.")))
    assert ids["y-new"] == "y" and status(registry)["y"] == ("live", None)


def test_edited_sentence_keeps_the_id_by_article_and_date():
    ids, _ = run(first(), event("x9", ("a0", "Talks began on Tuesday.")), event("y", ("a1", "A deal was signed.")))
    assert ids["x9"] == "x"


def test_new_event_never_takes_a_retired_id():
    _, registry = run(first(), event("x", ("a0", "Talks began.")))  # y withdrawn
    ids, registry = run(registry, event("x", ("a0", "Talks began.")), event("y", ("a3", "Something else."), value="2020-01-01"))
    assert ids["y"] == "y-2" and status(registry)["y"] == ("withdrawn", None)


def test_merge_chains_point_at_a_live_event():
    registry = reg.parse("a live 2025 p#1\nb merged-into:a 2025 p#2\nc merged-into:b 2025 p#3\nd merged-into:gone 2025 p#4\n")
    _, updated = run(registry, event("n", ("a0", "Other."), value="2024-01-01"))
    assert {e.status for e in updated.entries if e.id != "n"} == {"withdrawn"}
    registry = reg.parse("a live 2025-11-25 dir/a%200.md#" + reg.sentence_digest("Talks began.") + "\nb merged-into:a 2025 p#2\nc merged-into:b 2025 p#3\n")
    _, updated = run(registry, event("n", ("a0", "Talks began.")))
    assert status(updated) == {"a": ("live", None), "b": ("merged-into", "a"), "c": ("merged-into", "a")}


def test_reconcile_is_idempotent_and_depends_on_follows():
    one = event("x", ("a0", "Talks began."))
    two = Event("w", "W", When("2025-11-26"), (Mention("a1", "Then more.", 0, 10),), depends_on=("x",))
    renamed, registry = reg.reconcile(first(), (one, two), ARTICLES)
    assert renamed[1].depends_on == (renamed[0].id,)
    again, registry_again = reg.reconcile(registry, renamed, ARTICLES)
    assert again == renamed and registry_again == registry


def test_lock_file_round_trip_is_sorted_and_tolerant():
    registry = first()
    text = reg.dumps(registry)
    assert reg.parse(text) == registry
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == sorted(lines) and "dir/a%200.md#" in text
    assert reg.parse(text + "garbage\nq unknown-status - p#1\nr merged-into: - p#1\n") == registry


def test_retired_pages_render_relative_links(tmp_path):
    options = SiteOptions()
    pages = render_pages(
        (("events/old.html", "redirect.html", {"target": "events/new.html", "old_id": "old"}),
         ("events/gone.html", "withdrawn.html", {"old_id": "gone"})),
        options,
    )
    redirect = pages["events/old.html"].decode()
    assert 'http-equiv="refresh" content="0; url=new.html"' in redirect
    assert '<link rel="canonical" href="new.html">' in redirect and 'href="new.html"' in redirect
    absolute = render_pages((("events/old.html", "redirect.html", {"target": "events/new.html", "old_id": "old"}),), SiteOptions(base_url="https://example.org/t/"))
    assert 'href="https://example.org/t/events/new.html"' in absolute["events/old.html"].decode()
    assert 'href="../index.html"' in pages["events/gone.html"].decode()


def test_build_keeps_urls_of_removed_events(tmp_path):
    seeds = make_project(tmp_path)
    lock = seeds.parent / "timeline.lock"
    config = BuildConfig(seeds=seeds, out=seeds.parent / "output", lock=lock, use_cache=False, jobs=1)
    before = build(config)
    victim = sorted(seeds.iterdir())[-1]
    victim_id = next(a.id for a in before.articles if a.path == victim.name)
    gone = [e.id for e in before.events if any(m.article == victim_id for m in e.mentions)]
    assert gone
    victim.unlink()
    after = build(config)
    for ident in gone:
        page = (seeds.parent / "output" / "events" / f"{ident}.html").read_text()
        assert "withdrawn" in page.lower()
    assert {e.id for e in after.events} == {e.id for e in before.events} - set(gone)
    assert f"{gone[0]} withdrawn " in lock.read_text()


def test_library_builds_keep_no_lock_by_default(tmp_path):
    seeds = make_project(tmp_path)
    build(BuildConfig(seeds=seeds, out=tmp_path / "out", use_cache=False, jobs=1))
    assert not (seeds.parent / "timeline.lock").exists()


def test_renamed_article_keeps_the_id():
    ids, _ = run(first(), event("x", ("a3", "Talks began.")), event("y", ("a1", "A deal was signed.")))
    assert ids == {"x": "x", "y": "y"}
    _, registry = run(first(), event("q", ("a3", "Talks began.")), event("y", ("a1", "A deal was signed.")))
    assert status(registry)["x"] == ("live", None) and "q" not in status(registry)


def test_build_redirects_the_url_of_a_merged_event(tmp_path, monkeypatch):
    from dataclasses import replace

    from timeline import pipeline

    seeds = make_project(tmp_path)
    config = BuildConfig(seeds=seeds, out=seeds.parent / "output", lock=seeds.parent / "timeline.lock", use_cache=False, jobs=1)
    before = build(config)
    first_two = before.events[:2]
    original = pipeline.assemble_events

    def merging(results):  # what a later merging stage does: two reports become one event
        events, problems = original(results)
        a, b = (e for e in events if e.id in {first_two[0].id, first_two[1].id})
        merged = replace(a, id="merged-natural-id", title="Merged", mentions=a.mentions + b.mentions)
        return tuple(merged if e is a else e for e in events if e is not b), problems

    monkeypatch.setattr(pipeline, "assemble_events", merging)
    after = build(config)
    ids = {e.id for e in after.events}
    survivor, retired = sorted(e.id for e in first_two)
    assert survivor in ids and retired not in ids and "merged-natural-id" not in ids
    page = (seeds.parent / "output" / "events" / f"{retired}.html").read_text()
    assert f'content="0; url={survivor}.html"' in page and f'href="{survivor}.html"' in page
    assert f"{retired} merged-into:{survivor} " in (seeds.parent / "timeline.lock").read_text()


def test_lock_with_merge_conflict_markers_keeps_both_sides():
    text = "<<<<<<< ours\na live 2025 p#1\n=======\nb live 2025 p#2\n>>>>>>> theirs\n"
    assert [e.id for e in reg.parse(text).entries] == ["a", "b"]


def test_pairs_taken_without_weighing_are_those_the_tiers_would_make(monkeypatch):
    import random

    rng = random.Random(5)
    texts = [f"Sentence {n}." for n in range(40)]

    def events(count: int) -> tuple[Event, ...]:
        made = {}
        for _ in range(count):
            sentences = [(rng.choice(ARTICLES).id, rng.choice(texts)) for _ in range(rng.randint(0, 3))]
            ident = f"e{rng.randrange(3 * count)}"
            made[ident] = event(ident, *sentences, value=rng.choice(("2025-11-25", "2025-11")))
        return tuple(made.values())

    for _ in range(200):
        before = events(rng.randint(1, 15))
        registry = reg.reconcile(reg.Registry(), before, ARTICLES)[1]
        # a rebuild: most events as they were, some gone, some new (sharing sentences or not)
        now = tuple(e for e in before if rng.random() < 0.8) + events(rng.randint(0, 5))
        with_shortcut = reg.reconcile(registry, now, ARTICLES)
        monkeypatch.setattr(reg, "_unshared", lambda *args: {})
        assert reg.reconcile(registry, now, ARTICLES) == with_shortcut
        monkeypatch.undo()


def test_marks_are_each_mentions_quoted_path_and_sentence_digest():
    events = (event("e1", ("a0", "Talks  began."), ("a1", "Talks began."), ("gone", "x")), event("e2"), event("e1", ("a3", "y")))
    expected = {e.id: frozenset((reg.quote(next((a.path for a in ARTICLES if a.id == m.article), m.article)) + "#"
                                 + reg.sentence_digest(m.text)) for m in e.mentions) for e in events}
    assert reg.all_marks(events, ARTICLES) == expected
    assert len(expected["e1"]) == 1  # the event given last under an id
