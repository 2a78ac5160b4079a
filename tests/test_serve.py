"""The preview server: GitHub Pages layout, reload script only when served, rebuild on change."""
from __future__ import annotations

import http.client
import threading

import pytest
from buildhelp import make_project

from timeline.pipeline import BuildConfig
from timeline.serve import Preview, inject, make_server, project_prefix


@pytest.fixture()
def preview(tmp_path):
    seeds = make_project(tmp_path)
    config = BuildConfig(seeds=seeds, out=tmp_path / "project" / "output", lock=tmp_path / "project" / "timeline.lock", jobs=1)
    preview = Preview(config, project_prefix(config))
    preview.rebuild()
    server = make_server(preview, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    preview.port = server.server_address[1]
    try:
        yield preview
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def get(preview, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", preview.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_site_is_served_under_the_project_path(preview):
    assert preview.prefix == "project"
    status, headers, _ = get(preview, "/")
    assert status == 302 and headers["location"] == "/project/"
    status, headers, _ = get(preview, "/project")
    assert status == 301 and headers["location"] == "/project/"
    status, headers, body = get(preview, "/project/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'<script src="/project/__reload__/reload.js"></script>\n</body>' in body
    status, headers, body = get(preview, "/project/events.json")
    assert status == 200 and body.startswith(b"{") and b"__reload__" not in body
    assert get(preview, "/project/static/style.css")[0] == 200
    assert get(preview, "/project/nothing-here.html")[0] == 404
    assert get(preview, "/project/../../etc/passwd")[0] in (302, 404)


def test_reload_script_is_same_origin_and_not_in_the_output(preview):
    status, headers, body = get(preview, "/project/__reload__/reload.js")
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert b'"/project/__reload__/version"' in body and b"location.reload()" in body
    built = [p.read_bytes() for p in preview.config.out.rglob("*.html")]
    assert built and not any(b"__reload__" in page for page in built)


def test_change_in_seeds_rebuilds_and_bumps_version(preview):
    version = get(preview, "/project/__reload__/version")[2]
    assert preview.poll(quiet=0, sleep=lambda seconds: None) is False  # nothing changed yet
    seed = sorted(preview.config.seeds.glob("*.md"))[0]
    seed.write_text(seed.read_text() + "\nOn 3 March 2021 a new statement was made.\n")
    assert preview.poll(quiet=0, sleep=lambda seconds: None) is True
    assert get(preview, "/project/__reload__/version")[2] != version
    assert preview.poll(quiet=0, sleep=lambda seconds: None) is False


def test_debounce_waits_for_changes_to_settle(preview):
    seed = sorted(preview.config.seeds.glob("*.md"))[0]
    pauses = []

    def sleep(seconds):  # a second save lands during the first pause
        pauses.append(seconds)
        if len(pauses) == 1:
            seed.write_text(seed.read_text() + "\nMore text.\n")

    seed.write_text(seed.read_text() + "\nSome text.\n")
    preview.poll(quiet=0.3, sleep=sleep)
    assert pauses == [0.3, 0.3]


def test_broken_template_keeps_serving(preview, tmp_path):
    version = preview.version
    preview.config = BuildConfig(seeds=preview.config.seeds, out=preview.config.out, templates=tmp_path / "missing", jobs=1)
    assert preview.rebuild() is False and preview.error
    assert preview.version == version and get(preview, "/project/")[0] == 200


def test_inject_without_body_appends():
    assert inject(b"<p>x</p>", "/s.js") == b'<p>x</p><script src="/s.js"></script>\n'


def test_editor_swap_files_do_not_trigger_a_rebuild(preview):
    (preview.config.seeds / ".talks.md.swp").write_bytes(b"swap")
    (preview.config.seeds / "talks.md~").write_bytes(b"backup")
    assert preview.poll(quiet=0, sleep=lambda seconds: None) is False
