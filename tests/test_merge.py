"""Merging reports of one happening across articles."""
import itertools
from datetime import date

from timeline.extract import extract_reports
from timeline.merge import merge_reports
from timeline.records import Article
from timeline.tag import tag

TEXTS = {
    "a": "French President Emmanuel Macron on Tuesday announced a reassurance force for Ukraine.\n\n"
         "The Kremlin said Tuesday it appreciates Turkey’s support for a peaceful resolution.",
    "b": "On Tuesday, Emmanuel Macron announced the creation of a reassurance force for post-war Ukraine.",
    "c": "Turkish President Erdogan joined a virtual meeting Tuesday of the coalition of the willing on Ukraine.",
}


def reports(names):
    out = []
    for name in names:
        article = Article(id=name, path=f"{name}.txt", title=name, text=TEXTS[name], published=date(2025, 11, 27))
        out += extract_reports(article, tag(article.text, article.published))
    return tuple(out)


def test_same_event_merges_and_different_events_on_the_same_day_stay_apart():
    events = merge_reports(reports("abc"), {n: date(2025, 11, 27) for n in "abc"})
    macron = [e for e in events if "Macron" in e.title]
    assert len(macron) == 1 and macron[0].articles == ("a", "b")
    assert macron[0].merge_reasons and "same 2025-11-25" in str(macron[0].merge_reasons[0])
    assert len([e for e in events if e.when.value == "2025-11-25"]) == 3


def test_merging_does_not_depend_on_the_order_of_articles():
    published = {n: date(2025, 11, 27) for n in "abc"}
    results = {merge_reports(reports(order), published) for order in itertools.permutations("abc")}
    assert len(results) == 1


def test_the_seeds_give_the_same_timeline_in_any_reading_order():
    from pathlib import Path

    from timeline.articles import process_article
    from timeline.pipeline import assemble_events, date_articles, gather_sources
    sources, _ = gather_sources(Path(__file__).resolve().parents[1] / "seeds")
    if not sources:
        return
    runs = []
    for order in (sources, sources[::-1], sources[2:] + sources[:2]):
        results, _ = date_articles(tuple(process_article(s) for s in order))
        runs.append([(e.id, e.title, e.depends_on, e.rank) for e in assemble_events(results)[0]])
    assert runs[0] == runs[1] == runs[2]


def seed_timeline():
    from pathlib import Path

    from timeline.articles import process_article
    from timeline.pipeline import assemble_events, date_articles, gather_sources
    sources, _ = gather_sources(Path(__file__).resolve().parents[1] / "seeds")
    results, _ = date_articles(tuple(process_article(s) for s in sources))
    return results, assemble_events(results)[0]


def test_the_seeds_merge_each_reported_statement_once_with_all_its_sources():
    results, events = seed_timeline()
    if not results:
        return
    ministry = [e for e in events if e.when.value == "2025-11-27" and "ceasefire" in e.mentions[0].text]
    assert len(ministry) == 1 and len(ministry[0].articles) == 5
    tuesday = [e for e in events if e.when.value == "2025-11-25"]
    macron = [e for e in tuesday if "Macron" in e.title]
    assert len(macron) == 1 and len(macron[0].articles) == 4
    assert any("Kremlin" in e.title for e in tuesday) and any("Erdogan" in e.title for e in tuesday)
    assert len(tuesday) == 3


def report(article, text, published=date(2025, 11, 27)):
    item = Article(id=article, path=f"{article}.txt", title=article, text=text, published=published)
    return extract_reports(item, tag(item.text, item.published))


def test_undated_reports_need_the_same_verb_and_a_rare_name():
    texts = {
        "a": "The Dow Jones was lower than the start of the day.",
        "b": "The Dow Jones fell sharply as traders sold shares.",
        "c": "Toyota shares were steady in Tokyo.",
        "d": "Renault shares were steady in Paris.",
    }
    reports_ = tuple(r for name, text in texts.items() for r in report(name, text))
    events = merge_reports(reports_, {n: date(2025, 11, 27) for n in texts})
    assert all(len(e.articles) == 1 for e in events)


def test_reports_stating_different_figures_stay_apart():
    a = report("a", "The Xetra Dax index was 1.75% lower than the start of the day.")
    b = report("b", "The Xetra Dax index was 6.62% lower than the start of the day.")
    events = merge_reports(a + b, {"a": date(2025, 11, 27), "b": date(2025, 11, 27)})
    assert all(len(e.articles) == 1 for e in events)


def test_two_clauses_of_one_article_never_merge():
    text = "Zeta Corp said on Tuesday it would cut jobs. Zeta Corp said on Tuesday it would cut jobs in Ohio."
    events = merge_reports(report("a", text), {"a": date(2025, 11, 27)})
    assert len(events) == 2 and all(len(e.mentions) == 1 for e in events)


def test_conditions_told_after_merged_reports_merge_in_order():
    a = report("a", "The ministry said on Thursday: “First, a ceasefire between Russia and Ukraine must be established. "
                    "Then, a mission framework with a clear mandate must be set.”")
    b = report("b", "The ministry said on Thursday: “First and foremost, a ceasefire must be established between Russia and Ukraine. "
                    "Afterward, a mission framework must be determined with a clear mandate.”")
    events = merge_reports(a + b, {"a": date(2025, 11, 27), "b": date(2025, 11, 27)})
    framework = [e for e in events if "framework" in e.title]
    assert len(framework) == 1 and framework[0].articles == ("a", "b")
    assert any("after merged" in str(reason) for reason in framework[0].merge_reasons)


def test_sharing_only_a_copula_is_no_evidence():
    a = report("a", "On Monday the Zorblax tablet was the computer of the week.")
    b = report("b", "The Zorblax tablet was a computer without any drive.")
    events = merge_reports(a + b, {"a": date(2025, 11, 27), "b": date(2025, 11, 27)})
    assert all(len(e.articles) == 1 for e in events)


def test_blocks_pair_items_sharing_a_key_and_skip_keys_too_common_to_pair():
    from timeline import pairing

    keys = [frozenset({"ankara", "day:2025-11-27"}), frozenset({"ankara"}), frozenset({"paris"}), frozenset({"day:2025-11-27"})]
    assert pairing.blocks([(keys, pairing.BLOCK_LIMIT)]) == [(0, 1), (0, 3)]
    crowd = [frozenset({"russia"})] * (pairing.BLOCK_LIMIT + 1) + [frozenset({"russia", "kyiv"}), frozenset({"kyiv"})]
    assert pairing.blocks([(crowd, pairing.BLOCK_LIMIT)]) == [(pairing.BLOCK_LIMIT + 1, pairing.BLOCK_LIMIT + 2)]


def test_blocks_with_paths_pair_only_items_whose_paths_are_one_a_prefix_of_the_other():
    from timeline import pairing

    keys = [frozenset({"ankara"})] * 4
    assert pairing.blocks([(keys, 10)], [(2024,), (2025,), (), (2024,)]) == [(0, 2), (0, 3), (1, 2), (2, 3)]
    # A day pairs with its month, its year and what spans years; not with another month or day.
    paths = [(2024, 3, 5), (2024, 3), (2024,), (), (2024, 4), (2024, 3, 6), (2025, 3, 5)]
    assert pairing.blocks([([frozenset({"k"})] * len(paths), 10)], paths) == [
        (0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (1, 5), (2, 3), (2, 4), (2, 5), (3, 4), (3, 5), (3, 6)]


def test_kinds_are_judged_once_and_paired_as_a_star():
    from timeline import pairing

    items = ("a1", "a2", "a3", "b1", "b2")  # two kinds, "a" and "b", all sharing one key
    judged = []
    groups = pairing.kinds(items, lambda item: item[0])

    def judge(x, y):
        judged.append((items[groups[x][0]][0], items[groups[y][0]][0]))
        return "same"

    one_key = [([frozenset({"k"})] * len(groups), pairing.BLOCK_LIMIT)]
    pairs = pairing.candidate_pairs(groups, one_key, judge, lambda found: 1.0, decide=lambda verdict, x, y: (x, y))
    assert sorted(judged) == [("a", "a"), ("a", "b"), ("b", "b")]
    # Each item with the first of its own kind and with the first of the other kind.
    assert sorted((i, j) for _, i, j, _ in pairs) == [(0, 1), (0, 2), (0, 3), (0, 4), (1, 3), (2, 3), (3, 4)]
    every = pairing.candidate_pairs(groups, one_key, judge, lambda found: 1.0, decide=lambda verdict, x, y: (x, y), star=False)
    assert len(every) == 10


def test_a_sentence_repeated_across_articles_is_one_event_citing_each():
    # A background sentence in three articles and a dated statement in two: one event
    # each, citing every article that tells it.
    text = "Zorblax Corp was founded by Mira Quell in Ostrava."
    dated = "On Tuesday Zorblax Corp said it would open a plant in Ostrava."
    found = merge_reports(report("a", text) + report("b", text) + report("c", text + " " + dated) + report("d", dated),
                          {k: date(2025, 11, 27) for k in "abcd"})
    by_title = {e.title: e.articles for e in found}
    assert sorted(by_title.values()) == [("a", "b", "c"), ("c", "d")]


def test_text_features_survive_packing_and_spare_working_them_out_again():
    from timeline import likeness

    found = reports("abc")
    packed = likeness.text_features(found)
    assert {text for text, _ in packed} >= {likeness.report_text(r) for r in found}
    for text, features in packed:
        assert likeness.TextFeatures.unpack(features) == likeness.features(text)
    # Features learned from a cached article are the ones merging would work out itself.
    published = {n: date(2025, 11, 27) for n in "abc"}
    fresh = merge_reports(found, published)
    likeness._KNOWN.clear()
    likeness.learn(packed)
    assert merge_reports(found, published) == fresh


def test_blocks_can_give_each_family_of_keys_its_own_limit():
    from timeline import pairing

    names = [frozenset({"apple"})] * 4
    worded = [frozenset({("apple", "itunes")})] * 3 + [frozenset()]
    assert pairing.blocks([(names, 10), (worded, 10)]) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    narrow = pairing.blocks([(names, 2), (worded, 10)])
    assert narrow == [(0, 1), (0, 2), (1, 2)]  # the common name alone pairs no one


def test_a_sentence_repeated_under_a_common_name_merges_through_its_rare_words(monkeypatch):
    # More kinds share the name "Zorblax" than a name alone may pair; the repeated
    # report still shares its rarest words with another telling, and merges through them.
    from timeline import merge as merge_mod

    texts = {f"a{i}": f"Zorblax said it hired worker number {i} at an office." for i in range(8)}
    texts.update({"x": "Zorblax said its flooded plant would close.",
                  "y": "Zorblax said its old flooded plant would close."})
    found = ()
    for name, text in texts.items():
        article = Article(id=name, path=f"{name}.txt", title=name, text=text, published=date(2025, 11, 27))
        found += extract_reports(article, tag(article.text, article.published))
    published = {n: date(2025, 11, 27) for n in texts}
    monkeypatch.setattr(merge_mod, "NAME_LIMIT", 5)

    def plant(events):
        return [e.articles for e in events if "plant" in e.mentions[0].text]
    assert plant(merge_reports(found, published)) == [("x", "y")]
    # By the name alone, too common to pair, they are never compared: neither undated
    # report is confirmed by another article, and both are dropped.
    monkeypatch.setattr(merge_mod, "RARE_WORDS", 0)
    assert plant(merge_reports(found, published)) == []


def test_the_corpus_counted_from_kinds_is_the_one_counted_from_reports():
    # Merging counts words and names per article from its kinds of report, each text once;
    # the counts, weights and ranks are those of every report read one by one.
    import math

    from timeline import kinds, likeness

    found = reports("abc") + reports("ab")
    counted = kinds.corpus_of_kinds(kinds.read(found))
    direct = likeness.corpus_of(found)
    assert (counted.articles, counted.words, counted.names) == (direct.articles, direct.words, direct.names)
    assert counted.weights == {w: 1 + math.log((1 + direct.articles) / (1 + n)) for w, n in direct.words.items()}
    # Ranks: highest weight first, ties by spelling.
    assert list(counted.ranks) == sorted(counted.weights, key=lambda w: (-counted.weights[w], w))


def test_a_lone_report_joins_a_group_as_a_group_of_one_would():
    from timeline.groups import Facts, Group, _group, compatible, date_key, join
    from timeline.records import When

    day = When("2025-11-25", date(2025, 11, 25), date(2025, 11, 25), "day")
    week = When("2025-W48", date(2025, 11, 24), date(2025, 11, 30), "week")
    other = When("2025-11-26", date(2025, 11, 26), date(2025, 11, 26), "day")
    dates = [day, week, None, other, day]
    facts = Facts(["a", "b", "a", "c", "d"], dates, [date_key(d) if d is not None else None for d in dates])
    for lone in (1, 2, 3, 4):  # a coarser date, the same article, a clashing day, the same day
        groups: dict[int, Group] = {}
        owner = list(range(5))
        join(groups, owner, facts, 0, lone, "match")
        assert (owner[lone] == 0) == compatible(_group(facts, 0), _group(facts, lone))
