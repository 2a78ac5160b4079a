"""``python build.py serve``: preview the site locally, rebuilt and reloaded on every change.

The site is served under ``/<project>/`` as on GitHub Pages, so relative links that work
here work there. A watcher polls the modification times of the seeds and the templates
(no extra dependency, works on every file system), waits until they stop changing, and
rebuilds. Served HTML pages get one extra same-origin script that polls a version URL
and reloads the page after a rebuild; it is added while serving only, so the built
output never contains it, and it needs nothing beyond the site's Content-Security-Policy.
"""
from __future__ import annotations

import argparse
import mimetypes
import posixpath
import sys
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .pipeline import BuildConfig, build
from .progress import Progress

RELOAD = "__reload__"  # not a valid output name of the site: never shadows a page
POLL_MS = 1000
SCRIPT = """(function () {
  var seen = null;
  function poll() {
    fetch(%(url)s, {cache: "no-store"}).then(function (r) { return r.text(); }).then(function (v) {
      if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); }
    }).catch(function () {}).then(function () { setTimeout(poll, %(ms)d); });
  }
  poll();
})();
"""

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(folders: tuple[Path, ...]) -> Snapshot:
    """Every file under ``folders`` with its modification time and size, sorted."""
    rows = []
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if any(part.startswith(".") for part in path.relative_to(folder).parts) or path.name.endswith("~"):
                    continue  # editor swap and backup files: the build ignores them too
                try:
                    if path.is_file():
                        stat = path.stat()
                        rows.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
                except OSError:
                    continue  # vanished while we looked: the next poll sees the change
    return tuple(sorted(rows, key=lambda row: row[0]))


def project_prefix(config: BuildConfig) -> str:
    """The GitHub Pages project path: from --base-url, else the project folder's name."""
    if config.base_url:
        path = urlsplit(config.base_url).path.strip("/")
        if path:
            return path
    return config.seeds.resolve().parent.name or "site"


def inject(html: bytes, script_url: str) -> bytes:
    tag = f'<script src="{script_url}"></script>\n'.encode()
    at = html.rfind(b"</body>")
    return html[:at] + tag + html[at:] if at >= 0 else html + tag


@dataclass
class Preview:
    """The state the server threads share: the configuration and the current version."""

    config: BuildConfig
    prefix: str
    version: int = 0
    error: str | None = None

    def __post_init__(self) -> None:
        self.watched = (self.config.seeds, self.config.templates)
        self.seen = snapshot(self.watched)
        self.lock = threading.Lock()

    def rebuild(self, progress: Progress | None = None) -> bool:
        """Build now; returns whether the site changed. Errors are shown, not raised."""
        with self.lock:
            self.seen = snapshot(self.watched)
            try:
                result = build(self.config, progress)
            except Exception as err:  # a broken template must not stop the preview
                self.error = f"{type(err).__name__}: {err}"
                print(f"serve: build failed: {self.error}", file=sys.stderr)
                return False
            self.error = None
            changed = bool(result.written.written or result.written.removed)
            if changed or self.version == 0:
                self.version += 1
            return changed

    def poll(self, quiet: float = 0.3, sleep=time.sleep) -> bool:
        """Rebuild if a watched file changed, once the changes have settled for ``quiet`` s."""
        current = snapshot(self.watched)
        if current == self.seen:
            return False
        while True:  # debounce: an editor saving, or a folder being copied in
            sleep(quiet)
            later = snapshot(self.watched)
            if later == current:
                break
            current = later
        progress = Progress.to_stderr()
        changed = self.rebuild(progress)
        print(progress.summary(), file=sys.stderr)
        return changed


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    root = "/" + preview.prefix + "/"

    class Handler(BaseHTTPRequestHandler):
        server_version = "timeline-preview"

        def log_message(self, format: str, *args) -> None:  # noqa: A002
            pass  # one line per request drowns the build messages

        def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(root):
                if path + "/" == root:
                    return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": root})
                return self._send(HTTPStatus.FOUND, b"", "text/plain", {"Location": root})
            rest = path[len(root):]
            if rest == f"{RELOAD}/version":
                return self._send(HTTPStatus.OK, str(preview.version).encode(), "text/plain; charset=utf-8")
            if rest == f"{RELOAD}/reload.js":
                url = f'"{root}{RELOAD}/version"'
                return self._send(HTTPStatus.OK, (SCRIPT % {"url": url, "ms": POLL_MS}).encode(), "text/javascript; charset=utf-8")
            self._file(rest)

        def _file(self, rest: str) -> None:
            out = preview.config.out.resolve()
            clean = posixpath.normpath("/" + rest).lstrip("/")
            target = out.joinpath(*[part for part in clean.split("/") if part])
            if target.is_dir():
                if rest and not rest.endswith("/"):
                    return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain", {"Location": root + rest + "/"})
                target = target / "index.html"
            status = HTTPStatus.OK
            if not target.is_file():
                status, target = HTTPStatus.NOT_FOUND, out / "404.html"
            try:
                body = target.read_bytes()
            except OSError:
                return self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind == "text/html":
                body = inject(body, f"{root}{RELOAD}/reload.js")
            if kind.startswith("text/") or kind in ("application/json", "text/javascript"):
                kind += "; charset=utf-8"
            self._send(status, body, kind)

    return Handler


def make_server(preview: Preview, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), _handler(preview))
    server.daemon_threads = True
    return server


def watch(preview: Preview, stop: threading.Event, interval: float = 0.5) -> None:
    while not stop.wait(interval):
        preview.poll()


def serve(config: BuildConfig, port: int = 8000, host: str = "127.0.0.1", prefix: str | None = None) -> int:
    preview = Preview(config, prefix or project_prefix(config))
    progress = Progress.to_stderr()
    preview.rebuild(progress)
    print(progress.summary(), file=sys.stderr)
    server = make_server(preview, host, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop), daemon=True)
    watcher.start()
    address = f"http://{host}:{server.server_address[1]}/{preview.prefix}/"
    print(f"serving {config.out} at {address} (rebuilds when {config.seeds} or {config.templates.name} change; Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from .cli import build_config

    config = build_config(args)
    if not config.seeds.is_dir():
        print(f"error: seeds folder {config.seeds} does not exist", file=sys.stderr)
        return 2
    return serve(config, port=args.port, host=args.host, prefix=args.prefix)


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "serve",
        help="preview the site locally, rebuilding and reloading on changes",
        description=(
            "Build the site, serve it at http://HOST:PORT/<project>/ (the layout of GitHub Pages)\n"
            "and rebuild it whenever the seeds or the templates change; open pages reload.\n\n"
            "example:\n  python build.py serve --port 8000"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--prefix", default=None, help="URL path of the site (default: from --base-url, else the project folder's name)")
    parser.set_defaults(func=run_serve)
