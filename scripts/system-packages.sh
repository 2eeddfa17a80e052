#!/usr/bin/env bash
# The few system packages InProcedere needs beside Python: Pango for PDFs (WeasyPrint),
# fonts, Debian's Chromium for the browser tests and Poppler (pdftoppm, pdftotext) for the
# tests that render every PDF. Idempotent and quiet when all is there.
set -u
cd "$(dirname "$0")/.."
missing=()
.venv/bin/python -c 'import weasyprint' >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
fc-list 2>/dev/null | grep -q "Noto Naskh Arabic" || missing+=(fonts-noto-core)  # ar/fa forms
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)  # PDF render tests
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
if ! bash scripts/apt-install.sh "${missing[@]}"; then
  echo "Could not install ${missing[*]}: PDFs or browser tests may not work." >&2
fi
exit 0
