"""Bad seeds: each gives one problem naming the file, and the build goes on with the rest."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from timeline import read as read_mod
from timeline.cli import main
from timeline import sources as sources_mod
from timeline.read import read_articles
from timeline.sources import list_sources

GOOD = "Talks resume in Ankara\n\nNovember 27, 2025\n\nThe ministers met on Tuesday and agreed to meet again.\n"


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A seeds folder with one good article and one of every kind of bad file."""
    seeds = tmp_path / "project" / "seeds"
    _write(seeds, "good.txt", GOOD)
    _write(seeds, "windows-copy.txt", GOOD.replace("\n", "\r\n"))  # the same article, saved on Windows
    _write(seeds, "empty.txt", b"")
    _write(seeds, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    _write(seeds, "latin.txt", "Caf\u00e9 owners protest\n\nThe caf\u00e9 closed.\n".encode("cp1252"))
    _write(seeds, "utf16.md", "Headline words here\r\n\r\nA story from Windows.\r\n".encode("utf-16"))
    _write(seeds, "old-mac.txt", b"Headline words here\rA story with CR line ends.\r")
    _write(seeds, "open.md", "---\ntitle: Never closed\nThe text.\n")
    _write(seeds, "bad-date.md", "---\ntitle: Bad date\ndate: 2025-13-45\n---\nA story.\n")
    _write(seeds, "future.md", "---\ntitle: Far future\ndate: 9999-12-31\n---\nAnother story.\n")
    _write(seeds, "notes.txt~", "backup")
    _write(seeds, ".hidden.md", "hidden")
    _write(seeds, "#draft.md#", "autosave")
    _write(seeds, ".git/config", "[core]")
    _write(seeds, "photo.jpg", b"\xff\xd8\xff")
    outside = _write(tmp_path, "secret.txt", "SECRET-OUTSIDE-CONTENT\n")
    (seeds / "link.txt").symlink_to(outside)
    (seeds / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    (seeds / "outside-folder").symlink_to(tmp_path, target_is_directory=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(seeds / "pipe.txt")
    return seeds


def _by_path(problems) -> dict[str, list]:
    found: dict[str, list] = {}
    for problem in problems:
        found.setdefault(problem.path, []).append(problem)
    return found


def test_every_bad_seed_gets_one_clear_problem(messy):
    articles, problems = read_articles(messy)
    assert sorted(a.path for a in articles) == [
        "bad-date.md", "future.md", "good.txt", "latin.txt", "old-mac.txt", "open.md", "utf16.md"]
    found = _by_path(problems)
    expected = {
        "windows-copy.txt": "same content as good.txt",
        "empty.txt": "empty file",
        "image.txt": "binary file",
        "latin.txt": "Windows-1252",
        "open.md": "never closed",
        "bad-date.md": "not a real calendar date",
        "future.md": "out of range",
        "photo.jpg": "not an article file",
        "link.txt": "outside the seeds folder; not followed",
        "dangling.txt": "broken symbolic link",
        "loop.txt": "broken symbolic link",
        "outside-folder": "outside the seeds folder",
    }
    if hasattr(os, "mkfifo"):
        expected["pipe.txt"] = "not a regular file"
    for path, words in expected.items():
        assert len(found.get(path, [])) == 1, (path, found.get(path))
        assert words in found[path][0].message, (path, found[path][0])
    assert set(found) == set(expected), "hidden files and backups are ignored quietly; others are named"
    assert found["open.md"][0].line == 1 and found["bad-date.md"][0].line == 3 and found["latin.txt"][0].line == 1


def test_unreadable_file_is_an_error_and_the_rest_is_read(messy, monkeypatch):
    real = sources_mod._read_stamped

    def refuse(path, *args):
        if Path(path).name == "good.txt":
            raise PermissionError(13, "Permission denied")
        return real(path, *args)

    monkeypatch.setattr(sources_mod, "_read_stamped", refuse)
    articles, problems = read_articles(messy)
    assert [p.message for p in problems if p.path == "good.txt"] == ["cannot read: Permission denied"]
    assert "windows-copy.txt" in {a.path for a in articles}  # the copy is built now that good.txt is not


def test_chmod_000_file(tmp_path):
    seeds = tmp_path / "seeds"
    locked = _write(seeds, "locked.txt", GOOD)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with rights that read any file (root)")
        articles, problems = read_articles(seeds)
        assert articles == () and problems[0].severity == "error" and "cannot read" in problems[0].message
    finally:
        locked.chmod(0o644)


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    _write(seeds, "a.txt", GOOD)
    (seeds / "locked").mkdir()
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):  # simulate what a chmod 000 folder does for a user
        for folder, dirs, names in real_walk(top, onerror=onerror, **kwargs):
            if Path(folder).name == "locked":
                onerror(PermissionError(13, "Permission denied", folder))
                continue
            yield folder, dirs, names

    monkeypatch.setattr("timeline.sources.os.walk", walk)
    files, problems = list_sources(seeds)
    assert [f.name for f in files] == ["a.txt"]
    assert [(p.path, p.message) for p in problems] == [("locked", "cannot read folder: Permission denied")]


def test_a_link_inside_the_seeds_folder_is_read_once(tmp_path):
    seeds = tmp_path / "seeds"
    _write(seeds, "a.txt", GOOD)
    (seeds / "b.txt").symlink_to(seeds / "a.txt")
    articles, problems = read_articles(seeds)
    assert [a.path for a in articles] == ["a.txt"]
    assert [(p.path, p.message) for p in problems] == [("b.txt", "same content as a.txt; duplicate not built")]


def test_a_50_mb_file_is_read_up_to_the_limit(tmp_path):
    seeds = tmp_path / "seeds"
    line = b"The ministers met again and talked about the plan. " * 200 + b"\n"  # long lines: a quick test
    _write(seeds, "huge.txt", b"Huge file headline\n\n" + line * (50 * 1024 * 1024 // len(line)))
    _write(seeds, "small.txt", GOOD)
    articles, problems = read_articles(seeds)
    assert [a.path for a in articles] == ["huge.txt", "small.txt"]
    assert [p.path for p in problems] == ["huge.txt"] and "over the 4.0 MB limit" in problems[0].message
    assert len(articles[0].text) < 4.1 * 1024 * 1024


def test_files_in_subfolders_with_the_same_name_get_distinct_ids(tmp_path):
    seeds = tmp_path / "seeds"
    _write(seeds, "a/story.txt", "First story headline\n\nOne.\n")
    _write(seeds, "b/story.txt", "Second story headline\n\nTwo.\n")
    articles, problems = read_articles(seeds)
    assert problems == () and sorted(a.id for a in articles) == ["story", "story-2"]


# --- the whole build, through the command line ----------------------------------------

def _run(seeds: Path, out: Path, *extra: str) -> int:
    return main(["--seeds", str(seeds), "--out", str(out), "--no-cache", "--no-lock", "--jobs", "1", "-q", *extra])


def test_build_goes_on_reports_everything_and_exits_0(messy, capsys):
    out = messy.parent / "site"
    assert _run(messy, out) == 0
    err = capsys.readouterr().err
    for name in ("windows-copy.txt", "empty.txt", "image.txt", "link.txt", "bad-date.md:3", "open.md:1", "photo.jpg"):
        assert f"{name}: " in err, name
    assert "notes.txt~" not in err and ".hidden.md" not in err
    pages = sorted(p.name for p in (out / "articles").iterdir())
    assert len(pages) == 7 and "good.html" in pages and "windows-copy.html" not in pages
    problems_page = (out / "problems.html").read_text("utf-8")
    for name in ("empty.txt", "image.txt", "link.txt", "windows-copy.txt", "photo.jpg"):
        assert name in problems_page
    assert 'href="problems.html"' in (out / "index.html").read_text("utf-8")
    assert not any("SECRET-OUTSIDE-CONTENT" in p.read_text("utf-8", "replace") for p in out.rglob("*") if p.is_file())


def test_strict_reports_every_problem_then_exits_1(messy, capsys):
    assert _run(messy, messy.parent / "site", "--strict") == 1
    err = capsys.readouterr().err
    assert "empty.txt" in err and "image.txt" in err and "windows-copy.txt" in err
    assert (messy.parent / "site" / "index.html").exists()  # the site is built all the same


def test_strict_with_only_notes_exits_0(tmp_path):
    seeds = tmp_path / "seeds"
    _write(seeds, "a.md", "---\ntitle: A\ndate: 2025-11-27\n---\nThe ministers met on Tuesday.\n")
    _write(seeds, "photo.jpg", b"\xff\xd8")
    assert _run(seeds, tmp_path / "site", "--strict") == 0


def test_same_title_twice_gives_two_pages(tmp_path):
    seeds = tmp_path / "seeds"
    _write(seeds, "one.md", "---\ntitle: Talks resume!\ndate: 2025-11-27\n---\nThe first story.\n")
    _write(seeds, "two.md", "---\ntitle: Talks resume?\ndate: 2025-11-27\n---\nThe second story.\n")
    _write(seeds, "Two!.md", "---\ntitle: Talks resume\ndate: 2025-11-27\n---\nThe third story.\n")
    assert _run(seeds, tmp_path / "site") == 0
    assert sorted(p.name for p in (tmp_path / "site" / "articles").iterdir()) == ["one.html", "two-2.html", "two.html"]


# --- hostile shapes stay linear (each takes milliseconds; a regression takes minutes) ---

@pytest.mark.parametrize("text", [
    "." * 50_000,  # a run of dots: once a quadratic scan in the sentence splitter
    "!?" * 25_000 + " x",
    "'" * 50_000 + ". A",
    "(" * 50_000 + "x" + ")" * 50_000,
    ("word " * 14 + "\n") * 5_000,  # one paragraph of thousands of wrapped lines
], ids=["dots", "marks", "quotes", "brackets", "wrapped"])
def test_hostile_shapes_are_read_and_split(text):
    from timeline.sentences import split_sentences

    article, _ = read_mod.read_article(f"Headline words here\n\n{text}\n".encode(), "h.txt", "h")
    sentences = split_sentences("h", article.text)
    assert all(article.text[s.start:s.end] == s.text for s in sentences)


def test_a_fault_in_date_finding_is_reported_and_the_build_goes_on(tmp_path, monkeypatch, capsys):
    from timeline import tag as tag_module

    seeds = tmp_path / "seeds"
    _write(seeds, "a.md", "---\ntitle: A\ndate: 2025-11-27\n---\nThe ministers met on Tuesday.\n")
    _write(seeds, "b.md", "---\ntitle: B\ndate: 2025-11-27\n---\nTrigger the fault on Monday.\n")
    real = tag_module.tag

    def faulty(text, dct):
        if "fault" in text:
            raise OverflowError("date value out of range")
        return real(text, dct)

    monkeypatch.setattr(tag_module, "tag", faulty)
    assert _run(seeds, tmp_path / "site") == 0
    err = capsys.readouterr().err
    assert "b.md: error: internal error finding dates (OverflowError: date value out of range)" in err
    assert sorted(p.name for p in (tmp_path / "site" / "articles").iterdir()) == ["a.html", "b.html"]


def test_unreadable_file_is_on_the_problems_page(tmp_path, monkeypatch, capsys):
    seeds = tmp_path / "seeds"
    _write(seeds, "a.md", "---\ntitle: A\ndate: 2025-11-27\n---\nThe ministers met on Tuesday.\n")
    _write(seeds, "locked.md", "---\ntitle: Locked\n---\nNever read.\n")
    real = sources_mod._read_stamped

    def refuse(path, *args):
        if Path(path).name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(path, *args)

    monkeypatch.setattr(sources_mod, "_read_stamped", refuse)
    assert _run(seeds, tmp_path / "site") == 0
    assert "locked.md: error: cannot read: Permission denied" in capsys.readouterr().err
    page = (tmp_path / "site" / "problems.html").read_text("utf-8")
    assert "locked.md" in page and "cannot read: Permission denied" in page
    assert [p.name for p in (tmp_path / "site" / "articles").iterdir()] == ["a.html"]


@pytest.mark.parametrize("line", [
    "- " * 1000 + "x",  # once a stack overflow in the Markdown list parser
    "1. " * 1000 + "x",
    "[[a]" * 3000,  # once minutes of rescanning for links
    "[x](" * 3000,
    "\\[" * 3000,
], ids=["dashes", "numbers", "brackets", "links", "escaped"])
def test_hostile_markdown_is_shown_as_text(tmp_path, line):
    from timeline.markup import article_html

    html = str(article_html(line, []))
    assert line.replace("\\[", "[").replace(" ", "")[:40] in html.replace("\\[", "[").replace(" ", "")
    seeds = tmp_path / "seeds"
    _write(seeds, "a.md", f"---\ntitle: A\ndate: 2025-11-27\n---\nThe talks began on Monday.\n\n{line}\n")
    assert _run(seeds, tmp_path / "site") == 0


def test_ordinary_markdown_is_untouched():
    from timeline.safety import tame_markdown

    text = "A [link](https://example.org) [1] and [2].\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n---"
    assert tame_markdown(text) == text


@pytest.mark.parametrize("word", ["a", "a" * 20_000], ids=["words", "one-long-word"])
def test_a_long_paragraph_keeps_every_date_highlight(word):
    from timeline.markup import Highlight, article_html

    text = " ".join([word] * (40_000 // len(word) + 1))
    # a highlight every 997 characters, so some fall where the paragraph is cut
    highlights = [Highlight(i, i + 1, text[i], "2025", None) for i in range(0, len(text) - 1, 997)]
    html = str(article_html(text, highlights))
    assert html.count('class="timex"') == len(highlights)
    assert html.replace("<p>", "").replace("</p>", "").count("a") >= text.count("a")
