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
# Two one-line reports printed with protection: a password to open (refused with one
# line), and only changes restricted (read as usual).
python3 - "$work" <<'PY'
import sys, zipfile
doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>某某县人民政府2024年政府信息公开工作年度报告</w:t></w:r></w:p><w:sectPr/></w:body></w:document>')
types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
         '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
for name in ('password_to_open', 'permissions_only'):
    with zipfile.ZipFile(f'{sys.argv[1]}/{name}.docx', 'w') as z:
        z.writestr('[Content_Types].xml', types); z.writestr('_rels/.rels', rels); z.writestr('word/document.xml', doc)
PY
soffice --headless --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"nianbao"}}' \
    --outdir "$out" "$work"/password_to_open.docx >/dev/null
soffice --headless --convert-to 'pdf:writer_pdf_Export:{"RestrictPermissions":{"type":"boolean","value":"true"},"PermissionPassword":{"type":"string","value":"nianbao"},"Changes":{"type":"long","value":"0"}}' \
    --outdir "$out" "$work"/permissions_only.docx >/dev/null
