#!/usr/bin/env python3
"""Trunk post-build step: writes a .gz (gzip -9) and a .br (brotli -q 11) beside each text
and wasm asset of the release build, so a server can send them as they are (the simulator's
ServeDir and nginx's gzip_static / brotli_static do). Brotli comes from Debian's `brotli`
package, which scripts/setup.sh installs.
"""
import gzip
import os
import shutil
import subprocess
import sys

COMPRESSED = (".wasm", ".js", ".css", ".html", ".json")


def compress(stage: str) -> None:
    brotli = shutil.which("brotli")
    if brotli is None:
        sys.exit("compress_assets: no `brotli` on PATH (scripts/setup.sh installs it)")
    for name in sorted(os.listdir(stage)):
        path = os.path.join(stage, name)
        if not os.path.isfile(path) or not name.endswith(COMPRESSED):
            continue
        with open(path, "rb") as f:
            data = f.read()
        # mtime=0: the same build gives the same bytes.
        with open(path + ".gz", "wb") as f:
            f.write(gzip.compress(data, compresslevel=9, mtime=0))
        subprocess.run([brotli, "-q", "11", "-f", "-o", path + ".br", path], check=True)
