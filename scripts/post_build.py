#!/usr/bin/env python3
"""Trunk's one post-build hook (trunk runs the hooks of a stage at the same time, and these
steps must follow each other): the loader moved out of index.html and fetching the wasm
with high priority, then — for release builds — .gz and .br beside each asset."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from compress_assets import compress  # noqa: E402
from externalize_loader import externalize  # noqa: E402

stage = os.environ.get("TRUNK_STAGING_DIR")
if not stage:
    sys.exit("post_build: TRUNK_STAGING_DIR is not set (run it as a trunk hook)")
externalize(stage)
if os.environ.get("TRUNK_PROFILE") == "release":
    compress(stage)
