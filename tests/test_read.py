"""The reader: front matter, datelines, furniture, reflow, titles, encodings."""
from datetime import date
from pathlib import Path

import pytest

from timeline.read import decode, match_dateline, read_article, read_articles
from timeline.sources import article_ids, list_sources, slugify

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def read(text: str | bytes, path: str = "a.txt"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_article(raw, path, "a")


def test_front_matter_gives_title_date_url_source():
    article, problems = read('---\ntitle: "Talks resume"\ndate: 2025-11-27\nurl: https://example.org/a\nsource: Daily\n---\nBody text here.\n', "a.md")
    assert problems == ()
    assert (article.title, article.published, article.published_from) == ("Talks resume", date(2025, 11, 27), "front-matter")
    assert (article.url, article.source, article.text) == ("https://example.org/a", "Daily", "Body text here.")


def test_unclosed_front_matter_is_reported_with_its_line_and_kept_as_text():
    article, problems = read("---\ntitle: x\nThe body never closes the block.\n", "b.md")
    assert problems[0].line == 1 and "never closed" in problems[0].message
    assert "The body never closes the block." in article.text


def test_impossible_date_is_reported_with_its_line():
    article, problems = read("---\ntitle: x\ndate: 2025-13-45\n---\nText.\n", "c.md")
    assert article.published is None
    assert problems[0].line == 3 and "not a real calendar date" in problems[0].message


@pytest.mark.parametrize("line, expected", [
    ("November 27, 2025 03:44 PM GMT+03:00", date(2025, 11, 27)),
    ("date 2025-11-27", date(2025, 11, 27)),
    ("29 Nov 2025", date(2025, 11, 29)),
    ("March 01, 2008", date(2008, 3, 1)),
])
def test_datelines(line, expected):
    assert match_dateline(line)[0] == expected


def test_a_sentence_is_not_a_dateline():
    assert match_dateline("On November 27, 2025 the talks began.") is None


def test_hard_wrapped_lines_are_reflowed_and_headings_kept_apart():
    text = "Title of the story\n\nTurkey\nhas issued a statement that is long enough to wrap around here\nand goes on.\nNext paragraph starts here.\n"
    article, _ = read(text)
    assert article.title == "Title of the story"
    assert article.text.split("\n\n") == [
        "Turkey has issued a statement that is long enough to wrap around here and goes on.",
        "Next paragraph starts here.",
    ]


def test_furniture_and_lists_of_other_stories_are_dropped():
    text = ("Close\nnewsletters Newsletters\nX Instagram Youtube\n\nA headline here\n\nThe story.\n"
            "Latest news\nLatest newsOther story\n25.Nov.2025\nAnother story\n24.Nov.2025\n\n29 Nov 2025\n")
    article, _ = read(text)
    assert article.text == "The story."
    assert article.published == date(2025, 11, 29)
    assert article.published_from == "text"


def test_photo_caption_printed_twice_is_kept_once():
    caption = "Leaders meet in Ankara, Türkiye on Nov. 19, 2025. (AA Photo)"
    article, _ = read(f"Headline words here\n\n{caption}\nPhoto\nBigPhoto\n{caption}\nThe story goes on.\n")
    assert article.text.count("Leaders meet") == 1
    assert "Photo\n" not in article.text


def test_inline_dateline_is_metadata_and_the_rest_is_content():
    article, _ = read(" date 2025-11-27 Turkish sources reiterated the commitment.\n")
    assert article.published == date(2025, 11, 27)
    assert article.text == "Turkish sources reiterated the commitment."


def test_decoding_falls_back_to_cp1252_and_says_so():
    text, problems = decode("caf\u00e9 “quoted”".encode("cp1252"), "d.txt")
    assert text == "café “quoted”"
    assert "Windows-1252" in problems[0].message


def test_utf16_with_bom_and_crlf():
    article, problems = read("Headline words here\r\n\r\nThe story.\r\n".encode("utf-16"))
    assert problems == ()
    assert (article.title, article.text) == ("Headline words here", "The story.")


def test_empty_and_binary_files_are_errors_naming_the_file():
    assert read(b"   \n")[1][0].message.startswith("empty file")
    article, problems = read(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert article is None and problems[0].path == "a.txt" and "binary" in problems[0].message


def test_slugs_and_ids_are_unique_and_safe():
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("<script>") == "script"
    assert article_ids(["a b.txt", "a-b.md"]) == {"a b.txt": "a-b", "a-b.md": "a-b-2"}


def test_hidden_backup_and_non_article_files(tmp_path):
    (tmp_path / "a.txt").write_text("Story.")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "a.txt~").write_text("x")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    files, problems = list_sources(tmp_path)
    assert [f.name for f in files] == ["a.txt"]
    assert [(p.path, p.severity) for p in problems] == [("photo.jpg", "note")]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds folder not present")
def test_the_five_seeds():
    articles, problems = read_articles(SEEDS)
    assert len(articles) == 5
    by_id = {a.id: a for a in articles}
    dates = {a.id[:3]: (a.published, a.published_from) for a in articles}
    assert dates == {
        "000": (date(2025, 11, 29), "text"),
        "001": (None, None),
        "002": (None, None),
        "003": (date(2025, 11, 27), "text"),
        "004": (date(2025, 11, 27), "text"),
    }
    seed3 = next(a for a in articles if a.id.startswith("003"))
    assert seed3.title == "Türkiye signals readiness to join Ukraine ‘reassurance force’ after peace deal"
    assert "Close" not in seed3.text and "Instagram" not in seed3.text and "More From" not in seed3.text
    assert seed3.text.count("13th Operational Brigade") == 1
    seed0 = next(a for a in by_id.values() if a.id.startswith("000"))
    assert "Rheinmetall" not in seed0.text and "25.Nov.2025" not in seed0.text


# --- decoding, sizes and front matter edge cases -------------------------------------

def test_cp1252_fallback_names_the_first_bad_line():
    article, problems = read("Headline words here\n\nThe caf\u00e9 opened.\n".encode("cp1252"))
    assert "café" in article.text
    assert [(p.line, "Windows-1252" in p.message) for p in problems] == [(3, True)]


def test_cr_only_line_ends_are_lines():
    article, problems = read(b"Headline words here\r\rThe story.\r")
    assert problems == ()
    assert (article.title, article.text) == ("Headline words here", "The story.")


def test_utf16_without_bom_is_recognised_and_said():
    article, problems = read("Headline words here\n\nThe story.\n".encode("utf-16-le"))
    assert article.text == "The story."
    assert "without a byte order mark" in problems[0].message


def test_invalid_utf16_after_a_bom_is_an_error():
    article, problems = read(b"\xff\xfe" + "ab".encode("utf-16-le") + b"\x00\xdc")  # a lone low surrogate
    assert article is None and problems[0].severity == "error" and "UTF-16" in problems[0].message


def test_control_characters_are_removed_with_a_warning():
    article, problems = read("Headline words here\n\nThe \x07story\x1b.\n")
    assert article.text == "The story."
    assert (problems[0].line, problems[0].message) == (3, "2 control characters removed")


def test_mostly_control_characters_is_binary():
    article, problems = read(bytes(range(1, 32)) * 20)
    assert article is None and "binary" in problems[0].message


def test_over_the_size_limit_is_cut_at_a_line_end_and_said():
    raw = b"Headline words here\n\n" + b"A line of the story.\n" * 100
    article, problems = read_article(raw, "big.txt", "big", limit=100)
    assert "over the" in problems[0].message and problems[0].path == "big.txt"
    assert article.text.split("\n\n")[0].startswith("A line of the story.")
    assert not article.text.endswith(("A line of the", "A"))  # never a half line


def test_size_limit_never_splits_a_character():
    raw = ("é" * 100).encode("utf-8")
    article, problems = read_article(raw, "a.txt", "a", limit=51)
    assert "over the" in problems[0].message
    assert set(article.title.rstrip("…")) == {"é"} and len(problems) == 1  # no cp1252 fallback


def test_size_limit_with_utf16():
    raw = ("Headline words here\n\n" + "One more line.\n" * 50).encode("utf-16")
    article, problems = read_article(raw, "a.txt", "a", limit=301)
    assert len(problems) == 1 and article.text.startswith("One more line.")


def test_a_long_line_is_read_whole():
    line = "word " * 200_000
    article, problems = read(f"Headline words here\n\n{line}\n")
    assert problems == () and len(article.text) == len(line.strip())


def test_a_long_title_is_shortened():
    article, problems = read(f"---\ntitle: {'word ' * 100}\n---\nText.\n")
    assert len(article.title) <= 201 and article.title.endswith("…")
    assert problems[0].line == 2


@pytest.mark.parametrize("value, message", [
    ("2025-13-45", "not a real calendar date"),
    ("9999-01-01", "out of range"),
    ("0000-01-01", "out of range"),
    ("-0001-01-01", "not understood"),
    ("yesterday", "not understood"),
])
def test_impossible_far_future_and_year_zero_dates(value, message):
    article, problems = read(f"---\ndate: {value}\n---\nText.\n", "d.md")
    assert article.published is None
    assert [(p.path, p.line) for p in problems] == [("d.md", 2)] and message in problems[0].message


def test_malformed_front_matter_lines_are_reported_and_capped():
    bad = "".join(f"key {n} without colon\n" for n in range(8))
    article, problems = read(f"---\ntitle: A title\ndate: 2025-01-02\nsource: X\nurl: https://e.org\nk: v\nk2: v\nk3: v\nk4: v\nk5: v\n{bad}---\nText.\n")
    assert article.title == "A title" and article.text == "Text."
    assert [p.line for p in problems] == [11, 12, 13, 14, 15, 16]
    assert problems[-1].message == "3 more front matter lines not understood"


def test_a_rule_line_is_not_front_matter():
    article, problems = read("---\nThe article starts after a rule.\nIt goes on.\n---\nMore text.\n")
    assert "The article starts after a rule." in article.text and "More text." in article.text
    assert problems[0].line == 1 and "not front matter" in problems[0].message


def test_structured_and_repeated_front_matter_values():
    article, problems = read("---\ntitle: |\n  Block\ntitle: Second\ndate: [2025-01-01]\n---\nText.\n")
    assert article.title == "Second" and article.published is None
    messages = [(p.line, p.message.split(";")[0]) for p in problems]
    assert (2, "front matter 'title' must be a single-line value") in messages
    assert (4, "front matter key 'title' given again (first on line 2)") not in messages  # the first was ignored
    assert (5, "front matter 'date' must be a single-line value") in messages


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/", "ftp://x.org/a", "java\tscript:x"])
def test_only_http_urls_are_kept(url):
    article, problems = read(f"---\nurl: {url}\n---\nText.\n")
    assert article.url is None and problems[0].line == 2 and "not a well-formed http(s) address" in problems[0].message


def test_nothing_but_furniture_is_reported():
    article, problems = read("Close\nShare\nAdvertisement\n")
    assert article.text == "" and "no article text" in problems[0].message


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be", "utf-16-be"])
def test_other_unicode_encodings_with_a_bom(codec):
    bom = {"utf-32": b"", "utf-32-be": b"\x00\x00\xfe\xff", "utf-16-be": b"\xfe\xff"}[codec]
    raw = bom + "Headline words here\n\nThe caf\u00e9 story \U0001F600.\n".encode(codec)
    article, problems = read(raw)
    assert problems == () and article.text == "The café story \U0001F600."


@pytest.mark.parametrize("codec", ["utf-16", "utf-32"])
def test_size_limit_without_line_ends_keeps_whole_characters(codec):
    raw = ("\U0001F600" * 100).encode(codec)
    for limit in range(40, 60):
        article, problems = read_article(raw, "a.txt", "a", limit=limit)
        assert [p.message.startswith("file is over") for p in problems] == [True], limit
        assert set(article.title.rstrip("…")) == {"\U0001F600"}


def test_a_source_is_read_whole_whatever_size_it_was_said_to_have(tmp_path):
    import os

    from timeline.sources import _read_all

    path = tmp_path / "a.md"
    path.write_bytes(b"0123456789")
    for size in (10, 0, 4, 25):  # as it is, unknown, grown since, shrunk since
        for limit in (3, 10, 11, 100):
            fd = os.open(path, os.O_RDONLY)
            try:
                assert _read_all(fd, limit, size) == b"0123456789"[:limit], (size, limit)
            finally:
                os.close(fd)
