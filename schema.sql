-- nianbao warehouse schema, version 1 (PRAGMA user_version).
-- Applied once to a fresh database by `store::open`; the vocabulary (section keys, table
-- row/column keys, rule ids) is the one of FORMAT.md. Never rename a column or a key: saved
-- queries and users' spreadsheets depend on them.

-- One row per agency (发布机关), by its name as printed in report titles.
CREATE TABLE agencies (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- One row per report: one agency, one year, one source file.
CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    agency_id       INTEGER NOT NULL REFERENCES agencies (id),
    year            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    template        TEXT NOT NULL CHECK (template IN ('2019', '2021')),
    source_path     TEXT NOT NULL UNIQUE,
    source_sha256   TEXT NOT NULL,
    published_on    TEXT,            -- ISO date from the signature, NULL when not printed
    contact_address TEXT,
    contact_phone   TEXT,
    contact_email   TEXT,
    contact_website TEXT,
    table1_status   TEXT NOT NULL CHECK (table1_status IN ('data', 'partial', 'image', 'missing')),
    table2_status   TEXT NOT NULL CHECK (table2_status IN ('data', 'partial', 'image', 'missing')),
    table3_status   TEXT NOT NULL CHECK (table3_status IN ('data', 'partial', 'image', 'missing')),
    table1_images   TEXT,            -- image references joined with '\n', NULL if none
    table2_images   TEXT,
    table3_images   TEXT,
    ingested_at     TEXT NOT NULL,   -- UTC, ISO 8601
    source_format   TEXT,            -- html, docx, text, pdf, doc: what the file's bytes were
    UNIQUE (agency_id, year)
);
CREATE INDEX reports_source_sha256 ON reports (source_sha256);
CREATE INDEX reports_year ON reports (year);

-- The report's text by section: preamble, the six sections of FORMAT.md, signature.
CREATE TABLE sections (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    ordinal   INTEGER NOT NULL,
    heading   TEXT NOT NULL,
    body      TEXT NOT NULL,
    line      INTEGER NOT NULL
);
CREATE INDEX sections_report ON sections (report_id);

-- Every placed cell of tables 1-3. value is NULL for a blank cell (blank is not 0); raw is
-- the cell as printed; line is the 1-based source line.
CREATE TABLE table_cells (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    table_no  INTEGER NOT NULL CHECK (table_no IN (1, 2, 3)),
    row_key   TEXT NOT NULL,
    col_key   TEXT NOT NULL,
    value     REAL,
    raw       TEXT NOT NULL,
    line      INTEGER NOT NULL,
    PRIMARY KEY (report_id, table_no, row_key, col_key)
) WITHOUT ROWID;

-- Problems and improvements listed in section five (存在的主要问题及改进情况).
CREATE TABLE issues_listed (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('problem', 'improvement')),
    ordinal   INTEGER NOT NULL,
    text      TEXT NOT NULL
);
CREATE INDEX issues_listed_report ON issues_listed (report_id);

-- Consistency rules (勾稽关系, FORMAT.md) the report fails.
CREATE TABLE check_findings (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    detail    TEXT NOT NULL
);
CREATE INDEX check_findings_report ON check_findings (report_id);
CREATE INDEX check_findings_rule ON check_findings (rule);

-- Other files holding the same report (agency and year) in another format, not stored:
-- the report keeps the source that places more table cells (a tie goes to the richer
-- format: html, docx, text, pdf, doc), and says why here.
CREATE TABLE duplicate_sources (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    path      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    format    TEXT NOT NULL,
    reason    TEXT NOT NULL
);
CREATE INDEX duplicate_sources_report ON duplicate_sources (report_id);
CREATE INDEX duplicate_sources_sha256 ON duplicate_sources (sha256);

-- What the parser saw but could not place (line 0: about the whole report).
CREATE TABLE warnings (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    line      INTEGER NOT NULL,
    message   TEXT NOT NULL
);
CREATE INDEX warnings_report ON warnings (report_id);

-- Every cell with its agency and year: the view most questions start from.
CREATE VIEW cells AS
SELECT a.name AS agency, r.year AS year, c.table_no AS table_no, c.row_key AS row_key,
       c.col_key AS col_key, c.value AS value, c.raw AS raw, c.line AS line,
       c.report_id AS report_id
FROM table_cells c
JOIN reports r ON r.id = c.report_id
JOIN agencies a ON a.id = r.agency_id;

-- How each of a report's three tables reached us (data, partial, image, missing), with its
-- image references.
CREATE VIEW report_tables AS
SELECT a.name AS agency, r.year AS year, t.table_no AS table_no,
       CASE t.table_no WHEN 1 THEN r.table1_status WHEN 2 THEN r.table2_status
                       ELSE r.table3_status END AS status,
       CASE t.table_no WHEN 1 THEN r.table1_images WHEN 2 THEN r.table2_images
                       ELSE r.table3_images END AS images,
       r.id AS report_id
FROM reports r
JOIN agencies a ON a.id = r.agency_id
CROSS JOIN (SELECT 1 AS table_no UNION ALL SELECT 2 UNION ALL SELECT 3) t;

-- One line per report: what it is, how its tables reached us, how much was stored.
CREATE VIEW report_overview AS
SELECT a.name AS agency, r.year AS year, r.title AS title, r.template AS template,
       r.published_on AS published_on,
       r.table1_status AS table1_status, r.table2_status AS table2_status,
       r.table3_status AS table3_status,
       (SELECT count(*) FROM table_cells x WHERE x.report_id = r.id) AS cells,
       (SELECT count(*) FROM issues_listed x WHERE x.report_id = r.id) AS issues_listed,
       (SELECT count(*) FROM check_findings x WHERE x.report_id = r.id) AS findings,
       (SELECT count(*) FROM warnings x WHERE x.report_id = r.id) AS warnings,
       r.source_path AS source_path,
       r.id AS report_id
FROM reports r
JOIN agencies a ON a.id = r.agency_id;

-- Failed consistency rules with agency and year.
CREATE VIEW findings AS
SELECT a.name AS agency, r.year AS year, f.rule AS rule, f.severity AS severity,
       f.detail AS detail, f.report_id AS report_id
FROM check_findings f
JOIN reports r ON r.id = f.report_id
JOIN agencies a ON a.id = r.agency_id;

-- Listed problems and improvements with agency and year.
CREATE VIEW problems_listed AS
SELECT a.name AS agency, r.year AS year, i.kind AS kind, i.ordinal AS ordinal,
       i.text AS text, i.report_id AS report_id
FROM issues_listed i
JOIN reports r ON r.id = i.report_id
JOIN agencies a ON a.id = r.agency_id;

PRAGMA user_version = 1;
