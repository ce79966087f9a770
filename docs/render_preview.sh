#!/usr/bin/env sh
# Look at a draft as it will print: draft.json (or .docx) → .docx → PDF (LibreOffice) → PNG pages.
#   docs/render_preview.sh draft.json [OUT_DIR] [DPI]
# Needs (Debian): apt-get install -y libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai \
#                 fonts-arphic-uming poppler-utils
# The GB/T 9704 fonts are mapped to free look-alikes for the preview only (see
# pipeline/export/preview.py); the .docx itself keeps 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 DRAFT.json|FILE.docx [OUT_DIR] [DPI]" >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
[ -x "$python" ] || python=python3
exec "$python" -m pipeline.export.preview "$1" "${2:-preview}" --dpi "${3:-80}"
