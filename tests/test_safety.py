"""Nothing from an article reaches a page unescaped; the site never lands on the wrong folder.

The scan test builds a whole site from a seed full of payloads and inspects every file
written, so a template added later is guarded without a test of its own.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from timeline.cli import main
from timeline.pipeline import BuildConfig, build
from timeline.safety import output_folder_problem, safe_url

# Each payload carries a marker ("XSS" and a number) so a leak names the payload.
PAYLOADS = {
    "title": "<script>alert(\"XSS1\")</script> \"><img src=x onerror=alert('XSS2')>",
    "url": "javascript:alert('XSS3')",
    "source": "</script><script>alert(\"XSS4\")</script>",
    "extra": "\"><svg onload=alert('XSS5')>",
}
BODY = (
    "On Tuesday, November 25, 2025, the minister said \"</script><script>alert('XSS6')</script>\" "
    "and <b onmouseover=alert('XSS7')>bold</b> words.\n\n"
    "In July 2025 officials wrote ]]><!-- XSS8 --> and <iframe src=javascript:alert('XSS9')></iframe> "
    "and ' onfocus='alert(\"XSS10\")' autofocus='.\n"
)
SECOND = (
    "---\ntitle: A plain title\ndate: 2025-11-27\n"
    "url: https://example.org/a?x=\"><script>alert('XSS11')</script>\n---\n"
    "On November 24, 2025 the <style>*{x:expression(alert('XSS12'))}</style> talks began.\n"
)
FILE_NAME = "\"><img src=x onerror=alert('XSS13')>.txt"
# A payload can only act through an unescaped "<"; escaped, "onerror=alert" is plain text.
# The site has its own <script src>, <svg> and <img>; these are the payloads' own tags.
RAW_MARKERS = ("<script>alert", "</script><script>", "<img src=x", "<iframe src=javascript", "<svg onload",
               "<b onmouseover", "<!-- XSS", "<style>*{")
# Data files whose strings a script shows as HTML (TimelineJS renders "headline" and "text").
HTML_IN_JSON = frozenset({"timelinejs.json"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "data"})


def _payload_seeds(folder: Path) -> Path:
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    front = "".join(f"{key}: {value}\n" for key, value in PAYLOADS.items())
    (seeds / "payload.md").write_text(f"---\n{front}date: 2025-11-27\n---\n{BODY}", "utf-8")
    (seeds / "second.md").write_text(SECOND, "utf-8")
    (seeds / FILE_NAME).write_text("Headline of the third story\n\n29 Nov 2025\n\nOn Monday the talks went on.\n", "utf-8")
    return seeds


class _Markup(HTMLParser):
    """Collects what a browser would act on: elements, attributes, script and style text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._raw_text: str | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.findings.append(f"event handler attribute {name} on <{tag}>")
            if name in URL_ATTRIBUTES and re.match(r"(?:javascript|data|vbscript):", value.replace("\t", "")):
                self.findings.append(f"{name}={value[:40]!r} on <{tag}>")
        if "xss" in tag or any("xss" in name for name, _ in attrs):
            self.findings.append(f"payload made an element <{tag}>")
        if tag in ("script", "style"):
            self._raw_text = tag

    def handle_endtag(self, tag):
        self._raw_text = None

    def handle_data(self, data):
        if self._raw_text and "XSS" in data:
            self.findings.append(f"payload inside <{self._raw_text}>")

    def handle_comment(self, data):
        if "XSS" in data:
            self.findings.append("payload became a comment")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in _strings(item)] if isinstance(value, list) else []


def _scan(path: Path) -> list[str]:
    text = path.read_text("utf-8", errors="replace")
    findings = [f"raw {marker!r}" for marker in RAW_MARKERS if marker in text]
    if path.suffix == ".json":
        document = json.loads(text)  # still valid data
        if path.name in HTML_IN_JSON:
            for value in _strings(document):
                parser = _Markup()
                parser.feed(value)
                parser.close()
                findings += parser.findings
    elif path.suffix in (".html", ".htm", ".xml", ".svg", ".rss", ".atom"):
        parser = _Markup()
        parser.feed(text)
        parser.close()
        findings += parser.findings
    return [f"{path.name}: {finding}" for finding in findings]


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory) -> tuple[Path, object]:
    root = tmp_path_factory.mktemp("payload")
    seeds = _payload_seeds(root)
    result = build(BuildConfig(seeds=seeds, out=root / "site", use_cache=False, lock=None, jobs=1))
    return root, result


def test_every_output_file_is_free_of_unescaped_payloads(payload_site):
    root, result = payload_site
    site = root / "site"
    outputs = sorted((p for p in site.rglob("*") if p.is_file()), key=lambda p: p.as_posix())
    assert len(outputs) >= 6 and any(p.parent.name == "events" for p in outputs), "the scan must cover event pages"
    assert len(result.articles) == 3
    findings = [finding for path in outputs for finding in _scan(path)]
    assert findings == []


def test_the_payloads_are_on_the_pages_as_text(payload_site):
    root, _ = payload_site
    article = (root / "site" / "articles" / "payload.html").read_text("utf-8")
    assert "&lt;script&gt;alert(&#34;XSS1&#34;)&lt;/script&gt;" in article  # shown, not run
    assert "XSS3" not in article  # the javascript: URL is neither linked nor shown
    second = (root / "site" / "articles" / "second.html").read_text("utf-8")
    assert "XSS11" not in second  # a URL with a quote in it is not well formed: not linked


def test_nothing_is_written_outside_the_output_folder(payload_site):
    root, _ = payload_site
    assert sorted(p.name for p in root.iterdir()) == ["seeds", "site"]
    assert sorted(p.name for p in (root / "seeds").iterdir()) == sorted(["payload.md", "second.md", FILE_NAME])


@pytest.mark.parametrize("url, kept", [
    ("https://example.org/a?b=1#c", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\nscript:alert(1)", False),
    ("data:text/html;base64,PHNjcmlwdD4=", False),
    ("vbscript:x", False),
    ("//example.org/a", False),
    ("/relative/path", False),
    ("https://", False),
    ("https://example.org/\"><script>", False),
    ("https://[::1", False),
    ("", False),
    (None, False),
])
def test_only_absolute_http_urls_are_links(url, kept):
    assert (safe_url(url) is not None) == kept


# --- where the site may be written ------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "seeds" / "a.txt").write_text("Headline words here\n\nThe story.\n")
    (root / "pyproject.toml").write_text("[project]\n")
    return root


@pytest.mark.parametrize("out, reason", [
    (".", "would replace the seeds folder"),
    ("repo", "project folder (it holds .git)"),
    ("seeds", "would replace the seeds folder"),
    ("..", "would replace the seeds folder"),
    ("seeds/site", "inside the seeds folder"),
    ("pyproject.toml", "not a folder"),
    ("notes", "other files in it"),
])
def test_dangerous_output_folders_are_refused(project, out, reason):
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("mine")
    (project / "repo" / ".git").mkdir(parents=True)
    message = output_folder_problem(project / out, project / "seeds", home=project.parent / "home")
    assert message is not None and reason in message


def test_root_and_home_are_refused(project):
    assert "root of the file system" in output_folder_problem(Path("/"), project / "seeds")
    assert "home folder" in output_folder_problem(project.parent, project / "seeds", home=project.parent)


@pytest.mark.parametrize("out", ["site", "empty", "previous"])
def test_new_empty_and_previous_site_folders_are_allowed(project, out):
    (project / "empty").mkdir()
    (project / "previous").mkdir()
    (project / "previous" / "events.json").write_text("{}")
    (project / "previous" / "index.html").write_text("old")
    assert output_folder_problem(project / out, project / "seeds", home=project.parent / "home") is None


@pytest.mark.parametrize("command", [[], ["build"], ["serve", "--port", "0"]])
def test_the_command_line_refuses_with_exit_2_and_touches_nothing(project, capsys, command):
    before = sorted(p.as_posix() for p in project.rglob("*"))
    with pytest.raises(SystemExit) as refused:
        main(["--seeds", str(project / "seeds"), "--out", str(project), "--no-cache", "--no-lock", *command])
    assert refused.value.code == 2
    assert "error: --out" in capsys.readouterr().err
    assert sorted(p.as_posix() for p in project.rglob("*")) == before


def test_a_path_like_title_names_no_file(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "story.md").write_text("---\ntitle: ../../etc/passwd\ndate: 2025-11-27\n---\nThe talks began on Monday.\n")
    (seeds / "%2E%2E%2Fetc%2Fpasswd.md").write_text("---\ntitle: /etc/passwd\n---\nAnother story.\n")
    result = build(BuildConfig(seeds=seeds, out=tmp_path / "site", use_cache=False, lock=None, jobs=1))
    assert sorted(a.id for a in result.articles) == ["2e-2e-2fetc-2fpasswd", "story"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seeds", "site"]
    assert not (tmp_path / "etc").exists()
    assert "../../etc/passwd" in (tmp_path / "site" / "articles" / "story.html").read_text("utf-8")
