#!/bin/bash
# The main job on its embedded default: install what is needed, build, and
# show what qxl-tune does to the bundled demo domain for 4 x 1920x1200.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
[ -d build-demo ] || meson setup build-demo --buildtype=release >/dev/null
meson compile -C build-demo >/dev/null

echo "== QXL values for four 1920x1200 displays"
build-demo/qxl-tune/qxl-tune --print-values -d 1920x1200 --heads 4
echo "== The change to data/demo/demo-domain.xml (nothing is written)"
build-demo/qxl-tune/qxl-tune -d 1920x1200 --heads 4 --diff data/demo/demo-domain.xml
