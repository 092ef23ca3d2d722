#!/usr/bin/env python3
"""Set up and run Parvis, or its tests, from a fresh clone. Needs only Python 3.11+.

    python3 dev.py run     install, build the demo town, serve it at http://127.0.0.1:8000
    python3 dev.py test    install what the tests need (Chromium, gettext, Java), run every test

Everything goes into .venv/ and var/ inside the clone; nothing is installed system-wide
except, when they are missing and apt works, Debian's Chromium package for the browser tests,
its gettext package for the translation tests, a Java runtime for the HTML validator and
nginx for the front-proxy tests (never started as a service: the tests run their own).
Extra arguments after `test` go to pytest (`python3 dev.py test -k spaces`). The tests run
in parallel, one pytest-xdist worker per core, and the 25 slowest are listed at the end;
`python3 dev.py test -n 0` runs them one after the other (as `--pdb` does by itself).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def run(*args: object, env: dict | None = None) -> None:
    command = [str(a) for a in args]
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(f"Command failed ({result.returncode}): {' '.join(command)}")


def ensure_venv(requirements: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Parvis needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        say(f"Creating the virtual environment in {VENV.name}/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{requirements}"
    lock = ROOT / "requirements" / f"{requirements}.txt"
    wanted = lock.read_text() + (ROOT / "pyproject.toml").read_text()
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"Installing pinned dependencies (requirements/{requirements}.txt)")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "-r", lock)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)
    stamp.write_text(wanted)


def parvis(*args: str, env: dict | None = None) -> None:
    run(PYTHON, "-m", "parvis", *args, env=env)


def command_run() -> None:
    ensure_venv("base")
    say("Preparing the database")
    parvis("migrate", "--no-input", "-v", "0")
    parvis("collectstatic", "--no-input", "-v", "0")
    if os.environ.get("TOWN_NAME"):
        # A real town's identity is set: its data is not to be mixed with the demo's.
        say("TOWN_NAME is set, so the demo town is not loaded")
    else:
        say("Building the demo town")
        parvis("demo")
    say("Starting Parvis at http://127.0.0.1:8000 — press Ctrl-C to stop")
    os.execv(PYTHON, [str(PYTHON), "-m", "parvis", "run"])


def find_chromium() -> str | None:
    configured = os.environ.get("PARVIS_CHROMIUM")
    if configured and Path(configured).exists():
        return configured
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def apt_install(package: str, why: str) -> bool:
    """Install a Debian package with apt, as root or with password-less sudo; False if not."""
    apt = shutil.which("apt-get")
    if not apt:
        return False
    sudo = [] if os.geteuid() == 0 else (["sudo", "-n"] if shutil.which("sudo") else None)
    if sudo is None:
        return False
    say(f"Installing {package} from Debian's packages {why}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    update = subprocess.run([*sudo, apt, "update", "-qq"], env=env)
    install = subprocess.run(
        [*sudo, apt, "install", "-y", "-qq", "--no-install-recommends", package], env=env
    )
    return update.returncode == 0 and install.returncode == 0


GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt")


def ensure_gettext() -> None:
    """The translation tests run Django's makemessages, which needs GNU gettext's tools."""
    if all(shutil.which(tool) for tool in GETTEXT_TOOLS):
        return
    if apt_install("gettext", "for the translation tests") and all(
        shutil.which(tool) for tool in GETTEXT_TOOLS
    ):
        return
    sys.exit(
        "No GNU gettext for the translation tests (they check that the French catalogue "
        "holds every string of the code): install Debian's `gettext` package "
        "(sudo apt-get install gettext), or your system's gettext tools."
    )


def ensure_java() -> None:
    """The HTML validity tests run the W3C Nu validator (vnu.jar), a Java program."""
    if shutil.which("java"):
        return
    if apt_install("default-jre-headless", "for the HTML validator") and shutil.which("java"):
        return
    sys.exit(
        "No Java for the HTML validity tests (they run the W3C Nu validator on every page "
        "type): install Debian's `default-jre-headless` package "
        "(sudo apt-get install default-jre-headless), or any Java 11+ runtime."
    )


def ensure_nginx() -> None:
    """The front-proxy tests run the shipped deploy/nginx/parvis.conf in nginx, unprivileged
    from a folder of their own; Debian's package is only a source of the executable."""
    from bench.frontproxy import find_nginx  # the standard library only, as this file

    if find_nginx():
        return
    if apt_install("nginx-light", "for the front-proxy tests") and find_nginx():
        return
    sys.exit(
        "No nginx for the front-proxy tests (they run deploy/nginx/parvis.conf in front of "
        "Parvis): install Debian's `nginx-light` package (sudo apt-get install nginx-light), "
        "or set PARVIS_NGINX to an nginx executable."
    )


def ensure_chromium() -> dict:
    """The browser tests drive Debian's Chromium; install it if it is missing."""
    found = find_chromium()
    if found:
        return {"PARVIS_CHROMIUM": found}
    if apt_install("chromium", "for the browser tests") and find_chromium():
        return {"PARVIS_CHROMIUM": find_chromium()}
    say("Trying Playwright's own Chromium instead")
    result = subprocess.run([PYTHON, "-m", "playwright", "install", "chromium"], cwd=ROOT)
    if result.returncode == 0:
        return {"PARVIS_CHROMIUM": ""}  # Playwright finds its own browser
    sys.exit(
        "No Chromium for the browser tests: install Debian's `chromium` package "
        "(sudo apt-get install chromium), or let `python -m playwright install chromium` "
        "download one, or set PARVIS_CHROMIUM to a Chromium executable."
    )


def ensure_system_packages() -> dict:
    """The system packages the tests need; the environment variables that point at them."""
    ensure_gettext()
    ensure_java()
    ensure_nginx()
    return ensure_chromium()


#: Before the caller's own arguments, which win (`-n 2`, `-n 0`, `--durations=0`). How the
#: tests are shared out (`--dist worksteal`) is in pyproject.toml, for any `pytest -n`.
PYTEST_DEFAULTS = ("-n", "auto", "--durations=25")


def command_test(pytest_args: list[str]) -> None:
    ensure_venv("test")
    env = {**os.environ, **ensure_system_packages()}
    # What every `parvis` command does first (settings only read the disk): var/ and the
    # generated secret key, which the test run's settings need.
    run(PYTHON, "-c", "from parvis.core.datadir import prepare; prepare()", env=env)
    say("Running every test" + (" on PostgreSQL" if env.get("DATABASE_URL") else " on SQLite"))
    run(PYTHON, "-m", "pytest", *PYTEST_DEFAULTS, *pytest_args, env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        sys.exit(__doc__)
    if sys.argv[1] == "run":
        command_run()
    else:
        command_test(sys.argv[2:])


if __name__ == "__main__":
    main()
