#!/usr/bin/env python3
"""Trunk post-build hook: moves trunk's inline module loader into its own file.

The console's Content-Security-Policy allows scripts from 'self' only (no inline
script), so the loader trunk writes into index.html must be an external file.
"""
import hashlib
import os
import re
import sys

stage = os.environ.get("TRUNK_STAGING_DIR")
if not stage:
    sys.exit("externalize_loader: TRUNK_STAGING_DIR is not set (run it as a trunk hook)")
index_path = os.path.join(stage, "index.html")
with open(index_path, encoding="utf-8") as f:
    html = f.read()

pattern = re.compile(r'<script type="module">(.*?)</script>', re.S)
scripts = pattern.findall(html)
if len(scripts) != 1:
    sys.exit(f"externalize_loader: expected one inline module script, found {len(scripts)}")
code = scripts[0].strip() + "\n"
digest = hashlib.sha256(code.encode()).hexdigest()[:16]
name = f"boot-{digest}.js"
with open(os.path.join(stage, name), "w", encoding="utf-8") as f:
    f.write(code)
html = pattern.sub(f'<script type="module" src="/{name}"></script>', html, count=1)
with open(index_path, "w", encoding="utf-8") as f:
    f.write(html)
