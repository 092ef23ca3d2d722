"""Peak memory of importing a large ZIP of photos: `parvis import_photos` (streams the entries
one at a time) then `parvis worker --batch` (makes every photo's renditions), each a process
of its own, on a throwaway SQLite data folder; prints each one's peak resident memory
(target: under 300 MB, and not growing with the archive's size: run it at two sizes).

    .venv/bin/python bench/photo_import_memory.py [--size-mb 1024] [--keep]

The archive is made of noisy 12-megapixel JPEGs (they do not compress: stored, ~4 MB each).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import machine, say  # noqa: E402


def noisy_jpeg(seed: int) -> bytes:
    base = Image.effect_noise((4000, 3000), 80 + seed % 20).convert("RGB")
    out = io.BytesIO()
    base.save(out, "JPEG", quality=92)
    return out.getvalue()


def build_zip(path: Path, size_mb: int) -> int:
    """A stored ZIP of about `size_mb` MB of JPEGs, built a photo at a time; its entries."""
    target = size_mb * 1024 * 1024
    variants = [noisy_jpeg(n) for n in range(3)]
    written = count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        while written < target:
            data = variants[count % len(variants)]
            archive.writestr(f"photos/{count:05d}.jpg", data)
            written += len(data)
            count += 1
    return count


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a `parvis` command in a child process; (seconds, its peak RSS in MB)."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "parvis", *command],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"parvis {' '.join(command)} failed: {child.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024  # KB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=1024, help="archive size (default 1024)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    say(machine())
    folder = Path(tempfile.mkdtemp(prefix="parvis-import-bench-"))
    env = {
        **os.environ,
        "PARVIS_DATA_DIR": str(folder / "data"),
        "SECRET_KEY": "bench",
        "DEBUG": "false",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    try:
        archive = folder / "photos.zip"
        entries = build_zip(archive, args.size_mb)
        say(f"archive: {archive.stat().st_size / 1e6:.0f} MB, {entries} JPEGs of 4000 × 3000")
        run(["migrate", "--verbosity", "0"], env)
        seconds, peak = run(["import_photos", str(archive), "--alt", "Bench"], env)
        print(f"import_photos: {seconds:6.1f} s, peak RSS {peak:6.0f} MB  (target < 300 MB)")
        seconds, peak = run(["worker", "--batch"], env)
        print(
            f"worker --batch (renditions of all): {seconds:6.1f} s, peak RSS {peak:6.0f} MB  (target < 300 MB)"
        )
    finally:
        if args.keep:
            say(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
