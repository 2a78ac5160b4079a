"""Records amended without going through ``__init__`` are the records ``replace`` makes."""
from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date

import pytest

from timeline.records import Event, Mention, When, amended


def test_an_amended_record_is_replace_made_and_pickles_the_same():
    event = Event("e", "T", When("2025", date(2025, 1, 1), date(2025, 12, 31), "year"), (Mention("a", "t", 0, 1),))
    for changes in ({"rank": 3}, {"depends_on": ("x",), "rank": 1}, {}):
        made = amended(event, **changes)
        assert made == replace(event, **changes) and made is not event
        assert pickle.dumps(made, protocol=5) == pickle.dumps(replace(event, **changes), protocol=5)
        assert list(vars(made)) == list(vars(event))  # fields in their order
    assert event.rank == 0  # the original as it was
    with pytest.raises(TypeError):
        amended(event, colour="red")
    with pytest.raises(AttributeError):
        amended(event, rank=2).rank = 5  # still frozen


def test_a_mention_keeps_digests_of_what_it_is_and_a_copy_works_them_out_anew():
    from timeline.pagekeys import mention_digest
    from timeline.records import Timex
    from timeline.registry import sentence_digest

    mention = Mention("a", "Talks began on Tuesday.", 0, 23, "on Tuesday", Timex(12, 22, "on Tuesday", "DATE", "2025-11-25", "day"))
    digests = mention.page_digest, mention.sentence_digest
    assert digests == (mention_digest(mention), sentence_digest(mention.text))
    # Stored with it (as the cache stores a result), and the same when loaded.
    loaded = pickle.loads(pickle.dumps(mention, protocol=5))
    assert vars(loaded)["page_digest"] == mention.page_digest and loaded == mention
    for copy in (replace(mention, text="Talks ended on Tuesday."), amended(mention, text="Talks ended on Tuesday.")):
        assert (copy.page_digest, copy.sentence_digest) == (mention_digest(copy), sentence_digest(copy.text))
        assert copy.page_digest != mention.page_digest and copy.sentence_digest != mention.sentence_digest
    # A field no page shows leaves the page's digest as it is.
    assert amended(mention, clause="Talks began").page_digest == mention.page_digest


def test_a_cached_result_holds_its_mentions_digests(tmp_path):
    from timeline.articles import process_article
    from timeline.pack import decode, encode
    from timeline.pagekeys import mention_digest
    from timeline.sources import Source

    raw = b"---\ntitle: T\ndate: 2025-11-27\n---\nTalks began on Tuesday in Geneva. The ministers met again on Wednesday.\n"
    result = process_article(Source("a.md", "a", raw))
    mentions = [m for report in result.reports for m in report.mentions]
    assert mentions and all("page_digest" in vars(m) and "sentence_digest" in vars(m) for m in mentions)
    packed = decode(encode([("k", (1, 1), result)]))["k"][1]
    assert packed == result
    assert [vars(m)["page_digest"] for r in packed.reports for m in r.mentions] == [mention_digest(m) for m in mentions]


def test_an_article_keeps_the_digest_of_what_its_page_shows():
    from timeline.articles import process_article
    from timeline.pack import decode, encode
    from timeline.pagekeys import article_digest
    from timeline.records import Article
    from timeline.sources import Source

    raw = b"---\ntitle: T\ndate: 2025-11-27\n---\nTalks began on Tuesday in Geneva.\n"
    article = process_article(Source("a.md", "a", raw)).article
    assert vars(article)["page_digest"] == article_digest(article)  # worked out where it is read and cached
    packed = decode(encode([("k", (1, 1), article)]))["k"][1]
    assert vars(packed)["page_digest"] == article.page_digest
    # A copy with another date (one inferred from other articles) works its digest out anew.
    later = amended(article, published=date(2025, 11, 28))
    assert "page_digest" not in vars(later) and later.page_digest == article_digest(later) != article.page_digest
    assert Article(**{f: getattr(article, f) for f in Article.__dataclass_fields__}).page_digest == article.page_digest
