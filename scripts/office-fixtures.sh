#!/usr/bin/env bash
# Makes the office-suite fixtures of tests/fixtures/formats: generated reports written as
# .docx (examples/office_sources.rs, with their truth as office_seedN.cells.csv), then
# printed to PDF and saved as Word 97 .doc by LibreOffice, as agencies make their files.
# Run once, by hand, when the fixtures are to be made again; the tests and CI need
# neither LibreOffice nor this script. Needs LibreOffice Writer and a CJK font:
#   apt-get install -y libreoffice-writer-nogui fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/formats
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Seeds: two 2021-template reports and a 2019 one, tables ruled; seed 4 also with no
# rules at all (its PDF read as lines of text).
cargo run --quiet --example office_sources -- "$work" 4 7 21 4:plain
soffice --headless --convert-to pdf --outdir "$work" "$work"/*.docx >/dev/null
soffice --headless --convert-to doc:"MS Word 97" --outdir "$work" "$work"/office_seed?.docx "$work"/office_seed??.docx >/dev/null
cp "$work"/*.pdf "$work"/*.doc "$work"/*.cells.csv "$out"/
ls -l "$out"/office_seed*
