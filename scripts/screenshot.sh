#!/usr/bin/env bash
# Regenerates docs/img/report.png, the README's picture of the Binhai report:
# writes the report with the one command the README shows, opens it in
# headless Chromium (Debian's `chromium`, or the program REORG_CHROMIUM
# names) with the network off, and crops the first screen (the title and the
# Sankey of people) with Python's Pillow, reduced to a palette so the PNG
# stays small. The picture depends on the fonts installed (fonts-noto-cjk
# for the Chinese unit names), so regenerate it on a machine that has them.
#
# Usage: scripts/screenshot.sh [OUT.png]   (default docs/img/report.png)
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-docs/img/report.png}
browser=${REORG_CHROMIUM:-chromium}
reorg=${REORG:-target/debug/reorg}
[ -x "$reorg" ] || cargo build --quiet
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The one command the README shows.
"$reorg" report scenarios/binhai.toml -o "$tmp/binhai.html" 2>/dev/null

"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --no-first-run --disable-background-networking --disable-component-update \
  --host-resolver-rules='MAP * ~NOTFOUND' --user-data-dir="$tmp/profile" \
  --window-size=1200,1500 --screenshot="$tmp/full.png" \
  "file://$tmp/binhai.html" 2>/dev/null

mkdir -p "$(dirname "$out")"
python3 - "$tmp/full.png" "$out" <<'PY'
import sys
from PIL import Image
full = Image.open(sys.argv[1]).convert("RGB")
# The page is centred in 1180 px; keep its body and the first 1450 px
# (title, intro, and the whole Sankey of people), then halve nothing: a
# reader of the README should be able to read the unit names.
shot = full.crop((0, 0, min(full.width, 1200), min(full.height, 1450)))
shot = shot.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
shot.save(sys.argv[2], optimize=True)
PY
echo "wrote $out ($(wc -c < "$out") bytes)"
