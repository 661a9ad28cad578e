#!/usr/bin/env python3
"""The console's release build, split: the first screen's code in one wasm, each page's in
a piece fetched when the page is first opened (see docs/performance.md, "Pieces").

Trunk cannot split a wasm (trunk-rs/trunk#1022), so the release build is these steps, in
this order, each stopping the build with its name if it fails:

  1. cargo build    the app for wasm32 with the `split` feature (its pages become split
                    points) and `--emit-relocs` (the splitter follows relocations), by
                    the pinned nightly below rebuilding the standard library for size;
  2. split          wasm-split-cli (crate wasm_split_cli_support, the splitter cargo-leptos
                    uses) cuts the wasm at the split points: a main module, one module per
                    piece, shared chunks, and __wasm_split.js which fetches them;
  3. wasm-bindgen   on the main module, keeping the exports the pieces link to;
  4. wasm-opt -Oz   on every module, two at a time;
  5. assemble       dist/: each file named with its content hash (cached for good), the
                    loader written as a file (the page's CSP allows no inline script), the
                    glue and the stylesheet minified (esbuild), and index.html from the
                    repository's, its trunk links replaced;
  6. precompress    .gz and .br beside each file (scripts/compress_assets.py).

`trunk serve` stays the development loop: without the `split` feature a piece is an
ordinary async function, so the same code runs unsplit there and in the browser tests.

Usage: scripts/build_release.py [--dist DIR]
       scripts/build_release.py --toolchain   (prints the nightly it builds with)
"""
import argparse
import base64
import hashlib
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from compress_assets import compress  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = "console-app"
TARGET = os.path.join(ROOT, "target")
WORK = os.path.join(TARGET, "release-split")
# The release wasm is built by this nightly, pinned (scripts/setup.sh installs it with its
# rust-src), to rebuild the standard library for size: `-Cpanic=immediate-abort` drops the
# panic machinery's formatting and messages (a panic is already an abort here: the app
# cannot go on either way, and `trunk serve`'s stable builds still print the message), and
# `optimize_for_size` picks std's smaller algorithms. The main module 165.9 → 149.0 KB
# brotli (docs/performance.md). Everything else (trunk serve, tests, clippy) stays stable.
NIGHTLY = "nightly-2026-05-19"
# The tools scripts/setup.sh installs, first on PATH (as scripts/env.sh puts them).
os.environ["PATH"] = os.pathsep.join([
    os.path.join(ROOT, ".tools", "node_modules", ".bin"),
    os.path.join(os.path.expanduser("~"), ".cargo", "bin"),
    os.environ.get("PATH", ""),
])


def fail(step: str, why: str) -> None:
    sys.exit(f"build_release: {step} failed: {why}")


def run(step: str, command: list) -> None:
    print(f"build_release: {step}: {' '.join(command)}", flush=True)
    try:
        subprocess.run(command, check=True, cwd=ROOT)
    except FileNotFoundError:
        fail(step, f"`{command[0]}` is not on PATH (scripts/setup.sh installs it)")
    except subprocess.CalledProcessError as error:
        fail(step, f"`{command[0]}` exited with {error.returncode}")


def content_hash(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
    # 16 hex digits, as trunk names its files: the console service caches such names for
    # good (console-files' cache_policy).
    return digest.hexdigest()[:16]


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def write(path: str, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)


def replace_once(step: str, text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        fail(step, f"expected `{old}` once, found it {count} times")
    return text.replace(old, new)


def replace_every(step: str, text: str, old: str, new: str) -> str:
    if old not in text:
        fail(step, f"expected `{old}`, found none")
    return text.replace(old, new)


def cargo_build() -> str:
    run("cargo build", [
        "cargo", f"+{NIGHTLY}", "build", "--release", "--locked",
        "--target", "wasm32-unknown-unknown", "--bin", APP, "--features", "split",
        "-Zbuild-std=std,panic_abort", "-Zbuild-std-features=optimize_for_size",
        # Added to .cargo/config.toml's rustflags (arrays from --config are appended).
        "--config", 'target.wasm32-unknown-unknown.rustflags=["-Clink-args=--emit-relocs", '
        '"-Zunstable-options", "-Cpanic=immediate-abort", "-Zlocation-detail=none"]',
    ])
    return os.path.join(TARGET, "wasm32-unknown-unknown", "release", f"{APP}.wasm")


def split(wasm: str) -> str:
    out = os.path.join(WORK, "split")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    run("split", ["wasm-split-cli", wasm, out, "--out-name", APP])
    if not os.path.exists(os.path.join(out, "__wasm_split.js")):
        fail("split", "wasm-split-cli wrote no __wasm_split.js (no split points in the wasm?)")
    return out


def bindgen(split_dir: str) -> str:
    out = os.path.join(WORK, "bindgen")
    shutil.rmtree(out, ignore_errors=True)
    run("wasm-bindgen", [
        "wasm-bindgen", "--target", "web", "--keep-lld-exports", "--no-demangle",
        "--out-name", APP, "--out-dir", out, os.path.join(split_dir, f"{APP}.wasm"),
    ])
    return out


def optimize(paths: list) -> None:
    def one(path: str) -> None:
        run("wasm-opt", [
            "wasm-opt", "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int",
            "--strip-debug", "--strip-producers", path, "-o", path,
        ])

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(one, paths))


def minify(text: bytes, loader: str) -> bytes:
    """esbuild's minifier (installed by scripts/setup.sh): names and exports kept, blanks,
    comments and local names shortened. The glue 9.9 → 8.1 KB brotli, the stylesheet
    6.6 → 4.6. wasm-bindgen imports the loader under one key per piece, which esbuild
    warns about; the object is unchanged, so only errors are shown."""
    command = ["esbuild", "--minify", f"--loader={loader}", "--log-level=error"]
    if loader == "js":
        command.append("--format=esm")
    try:
        done = subprocess.run(command, input=text, capture_output=True, check=True, cwd=ROOT)
    except FileNotFoundError:
        fail("minify", "`esbuild` is not on PATH (scripts/setup.sh installs it)")
    except subprocess.CalledProcessError as error:
        fail("minify", error.stderr.decode(errors="replace"))
    return done.stdout


def assemble(split_dir: str, bindgen_dir: str, stage: str) -> None:
    os.makedirs(stage)
    # The pieces and shared chunks: leaves, named by their own content.
    loader = read(os.path.join(split_dir, "__wasm_split.js")).decode()
    pieces = sorted(n for n in os.listdir(split_dir) if n.endswith(".wasm") and n != f"{APP}.wasm")
    for name in pieces:
        data = read(os.path.join(split_dir, name))
        hashed = f"{name[:-5]}-{content_hash(data)}.wasm"
        write(os.path.join(stage, hashed), data)
        loader = replace_once("assemble", loader, f'"./{name}"', f'"./{hashed}"')
    main_wasm = read(os.path.join(bindgen_dir, f"{APP}_bg.wasm"))
    glue = read(os.path.join(bindgen_dir, f"{APP}.js")).decode()
    # The glue and the loader import each other: one hash over both and the main module.
    both = content_hash(main_wasm, glue.encode(), loader.encode())
    glue_name, loader_name, wasm_name = f"{APP}-{both}.js", f"__wasm_split-{both}.js", f"{APP}-{both}_bg.wasm"
    # wasm-bindgen imports the loader once per piece; the wasm's own import names stay.
    glue = replace_every("assemble", glue, 'from "./__wasm_split.js"', f'from "./{loader_name}"')
    glue = replace_once("assemble", glue, f"'{APP}_bg.wasm'", f"'{wasm_name}'")
    loader = replace_once("assemble", loader, f'"./{APP}.js"', f'"./{glue_name}"')
    # The loader stays as the splitter wrote it: 0.3 KB more, and the benchmark reads its
    # pieces' files from it.
    glue = minify(glue.encode(), "js")
    write(os.path.join(stage, wasm_name), main_wasm)
    write(os.path.join(stage, glue_name), glue)
    write(os.path.join(stage, loader_name), loader.encode())

    css = minify(read(os.path.join(ROOT, "style", "main.css")), "css")
    css_name = f"main-{content_hash(css)}.css"
    write(os.path.join(stage, css_name), css)
    shutil.copy(os.path.join(ROOT, "public", "result-codes.json"), stage)

    # The loader as a file (the CSP allows scripts from 'self' only). It waits for the
    # static shell to be painted, then fetches the main module with high priority: a fetch
    # before the first paint puts the download ahead of the largest paint (Lighthouse,
    # mobile: LCP 3.4 s and 0.91 against 0.9 s and 1.0).
    boot = (
        f"import init from '/{glue_name}';\n"
        "// The static shell is painted first (a frame, or 100 ms in a tab that does not draw).\n"
        "await new Promise((painted) => {\n"
        "  requestAnimationFrame(() => setTimeout(painted, 0));\n"
        "  setTimeout(painted, 100);\n"
        "});\n"
        f"await init({{ module_or_path: fetch('/{wasm_name}', {{ priority: 'high' }}) }});\n"
    ).encode()
    boot_name = f"boot-{content_hash(boot)}.js"
    write(os.path.join(stage, boot_name), boot)

    html = read(os.path.join(ROOT, "index.html")).decode()
    html = replace_once("assemble", html, '<link data-trunk rel="css" href="style/main.css">',
                        f'<link rel="stylesheet" href="/{css_name}" integrity="{integrity(css)}">')
    html = replace_once("assemble", html, '<link data-trunk rel="copy-file" href="public/result-codes.json">\n', "")
    html, rust = re.subn(r'\s*<link data-trunk rel="rust"[^>]*>', "\n" + (
        f'    <script type="module" src="/{boot_name}"></script>\n'
        f'    <link rel="modulepreload" href="/{glue_name}" integrity="{integrity(glue)}">'
    ), html)
    if rust != 1:
        fail("assemble", f"expected one trunk rust link in index.html, found {rust}")
    if "data-trunk" in html:
        fail("assemble", "index.html has a trunk link this build does not know")
    write(os.path.join(stage, "index.html"), html.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", default=os.path.join(ROOT, "dist"))
    parser.add_argument("--toolchain", action="store_true", help="print the nightly and stop")
    args = parser.parse_args()
    if args.toolchain:
        print(NIGHTLY)
        return
    dist = os.path.abspath(args.dist)

    wasm = cargo_build()
    split_dir = split(wasm)
    bindgen_dir = bindgen(split_dir)
    optimize([os.path.join(bindgen_dir, f"{APP}_bg.wasm")] + [
        os.path.join(split_dir, n) for n in os.listdir(split_dir)
        if n.endswith(".wasm") and n != f"{APP}.wasm"
    ])
    # Written beside dist and swapped in whole: a failed build leaves the last one as it was.
    stage = dist + ".new"
    shutil.rmtree(stage, ignore_errors=True)
    print("build_release: assemble", flush=True)
    assemble(split_dir, bindgen_dir, stage)
    print("build_release: precompress", flush=True)
    compress(stage)
    shutil.rmtree(dist, ignore_errors=True)
    os.rename(stage, dist)
    sizes = sorted((n, os.path.getsize(os.path.join(dist, n) + ".br"))
                   for n in os.listdir(dist) if n.endswith((".wasm", ".js")))
    for name, size in sizes:
        print(f"build_release: {name}: {size / 1000:.1f} KB brotli")


if __name__ == "__main__":
    main()
