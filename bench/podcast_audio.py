"""Measure the check of an uploaded podcast episode (`podcasts.audio.check_audio`), which runs
in the request: its cost must not grow with the file's size, since it reads only the head
and the tail for a polyglot and mutagen reads only the headers.

    .venv/bin/python bench/podcast_audio.py

Generated MP3 files (frames of silence, `silent_mp3`) of 1 minute, 10 minutes and 18 MB
(the default limit, about 79 minutes at 32 kbit/s), and an Ogg Opus file, each checked
`--rounds` times from memory as Django hands an upload over; then the worker's reading
(`read_audio`) of the same bytes. Printed: milliseconds per check. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
os.environ.setdefault("SECRET_KEY", "bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parvis.podcasts.audio import check_audio, read_audio, silent_mp3
    from parvis.podcasts.tests.factories import ogg_opus

    limit = 18 * 1024 * 1024
    files = {
        "MP3, 1 min": (silent_mp3(60), "a.mp3"),
        "MP3, 10 min": (silent_mp3(600), "a.mp3"),
        "MP3, 18 MB (78 min)": (silent_mp3(limit // 96 * 0.024), "a.mp3"),
        "Ogg Opus, 10 min": (ogg_opus(600), "a.opus"),
    }
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, {args.rounds} rounds")
    print(f"{'file':<22} {'size':>10} {'check (ms)':>11} {'worker read (ms)':>17}")
    for name, (data, filename) in files.items():
        upload = SimpleUploadedFile(filename, data)
        start = time.perf_counter()
        for _ in range(args.rounds):
            upload.name = filename
            checked = check_audio(upload, max_bytes=limit)
        check_ms = (time.perf_counter() - start) / args.rounds * 1000
        start = time.perf_counter()
        for _ in range(args.rounds):
            info = read_audio(io.BytesIO(data), len(data))
        read_ms = (time.perf_counter() - start) / args.rounds * 1000
        assert checked.size == len(data) and info.duration > 0
        print(f"{name:<22} {len(data):>10} {check_ms:>11.2f} {read_ms:>17.2f}")


if __name__ == "__main__":
    main()
