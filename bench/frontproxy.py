"""The shipped nginx configuration (deploy/nginx/parvis.conf), run unprivileged for a bench
or a test: its own folder for the pid, logs, temporary files and caches, a free port, in
front of a `parvis serve` already listening. The system's nginx service is never used.

    with FrontProxy(upstream_port=8123, folder=Path("/tmp/x")) as proxy:
        urllib.request.urlopen(f"http://127.0.0.1:{proxy.port}/")

The file is used as shipped: only the lines marked ADAPT (listen, server_name, the
upstream's address) and the cache folders change, each replacement checked, so an edit of
the file that this runner no longer understands fails loudly instead of testing something
else.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CONFIG = ROOT / "deploy" / "nginx" / "parvis.conf"
INSTALL_HINT = (
    "nginx is not installed: install Debian's `nginx-light` (or `nginx`) package "
    "(sudo apt-get install nginx-light), or set PARVIS_NGINX to an nginx executable."
)


def find_nginx() -> str | None:
    """The nginx executable: PARVIS_NGINX, then nginx on PATH, then Debian's /usr/sbin."""
    configured = os.environ.get("PARVIS_NGINX")
    if configured and Path(configured).exists():
        return configured
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _replace(text: str, old: str, new: str) -> str:
    if old not in text:
        raise ValueError(
            f"deploy/nginx/parvis.conf no longer has {old!r}: update bench/frontproxy.py"
        )
    return text.replace(old, new)


def site_config(*, port: int, upstream_port: int, folder: Path) -> str:
    """The shipped file, listening on 127.0.0.1:`port`, proxying to `upstream_port`, its
    caches under `folder`."""
    text = SHIPPED_CONFIG.read_text()
    text = _replace(text, "    listen 80;", f"    listen 127.0.0.1:{port};")
    text = _replace(text, "    listen [::]:80;\n", "")
    text = _replace(text, "server_name www.example-ville.fr;", "server_name 127.0.0.1 localhost;")
    text = _replace(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    text = _replace(text, "/var/cache/nginx/parvis-search", str(folder / "cache-search"))
    text = _replace(text, "/var/cache/nginx/parvis ", f"{folder / 'cache-pages'} ")
    return text


def main_config(folder: Path) -> str:
    """What nginx.conf around the site holds on a server, in `folder`."""
    mime_types = next(
        (path for path in ("/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types")
         if Path(path).exists()),
        None,
    )  # fmt: skip
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {folder / (kind + '_temp')};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        + (f"    include {mime_types};\n" if mime_types else "")
        + "    default_type application/octet-stream;\n"
        f"    access_log off;\n{temp}\n"
        f"    include {folder / 'parvis.conf'};\n"
        "}\n"
    )


class FrontProxy:
    """nginx with the shipped configuration, started on enter and stopped on exit."""

    def __init__(self, *, upstream_port: int, folder: Path, nginx: str | None = None) -> None:
        found = nginx or find_nginx()
        if found is None:
            raise FileNotFoundError(INSTALL_HINT)
        self.nginx = found
        self.folder = folder
        self.upstream_port = upstream_port
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "parvis.conf").write_text(
            site_config(port=self.port, upstream_port=upstream_port, folder=folder)
        )
        self.config = folder / "nginx.conf"
        self.config.write_text(main_config(folder))

    def command(self, *args: str) -> list[str]:
        return [self.nginx, "-p", str(self.folder), "-e", str(self.folder / "error.log"),
                "-c", str(self.config), *args]  # fmt: skip

    def check(self) -> subprocess.CompletedProcess:
        """`nginx -t` on the configuration: its exit status and what it said."""
        return subprocess.run(self.command("-t"), capture_output=True, text=True, check=False)

    def __enter__(self) -> FrontProxy:
        checked = self.check()
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refuses the configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx stopped:\n{self.error_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.05)
        self.__exit__(None, None, None)
        raise RuntimeError(f"nginx did not listen on {self.port}:\n{self.error_log()}")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish, then exit
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def error_log(self) -> str:
        log = self.folder / "error.log"
        return log.read_text() if log.exists() else ""
