-- nianbao warehouse schema, version 9 (PRAGMA user_version).
-- Applied once to a fresh database by `store::open`; the vocabulary (section keys, table
-- row/column keys, rule ids, fact keys) is docs/vocabulary.md, and the table `vocabulary`
-- below. Never rename a column or a key: saved queries and users' spreadsheets depend on them.

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
    template        TEXT NOT NULL CHECK (template = '2019' OR template = '2021'),
    source_path     TEXT NOT NULL UNIQUE, -- as given; a byte that is not UTF-8 as \xNN,
                                          -- a backslash as \\ (GBK names stay apart)
    source_sha256   TEXT NOT NULL,
    published_on    TEXT,            -- ISO date from the signature, NULL when not printed
    contact_address TEXT,
    contact_phone   TEXT,
    contact_email   TEXT,
    contact_website TEXT,
    table1_status   TEXT NOT NULL CHECK (table1_status = 'data' OR table1_status = 'partial'
                                      OR table1_status = 'image' OR table1_status = 'missing'),
    table2_status   TEXT NOT NULL CHECK (table2_status = 'data' OR table2_status = 'partial'
                                      OR table2_status = 'image' OR table2_status = 'missing'),
    table3_status   TEXT NOT NULL CHECK (table3_status = 'data' OR table3_status = 'partial'
                                      OR table3_status = 'image' OR table3_status = 'missing'),
    table1_images   TEXT,            -- image references joined with '\n', NULL if none
    table2_images   TEXT,
    table3_images   TEXT,
    table1_version  TEXT,            -- the version of the table read (vocab: the template's
    table2_version  TEXT,            -- key, 2021, or a variant's name, 2021-single-other);
    table3_version  TEXT,            -- NULL when nothing was read (an image, missing)
    ingested_at     TEXT NOT NULL,   -- UTC, ISO 8601
    source_format   TEXT,            -- html, docx, text, pdf, doc: what the file's bytes were
    identified_by   TEXT NOT NULL,   -- where agency and year were read: title, metadata,
                                     -- file_name, signature, contact, period; one source
                                     -- for both, else the agency's+the year's (signature+period)
    UNIQUE (agency_id, year)
);
-- Content lookups (is this file's content stored?) by the first 16 hex digits of the hash
-- (64 bits): a third of the index the whole hash makes, so more of it stays in the page
-- cache on a large database; the lookup then compares the whole hash.
CREATE INDEX reports_source_sha256_prefix ON reports (substr(source_sha256, 1, 16));
CREATE INDEX reports_year ON reports (year);

-- The report's text by section: preamble, the six section keys, signature, each with its heading as printed, its body as
-- plain text and the line the heading is on. Plain TEXT so that any SQLite client reads it
-- (the sqlite3 shell, Python, Datasette, DuckDB): about 6 KB a report, half the database.
CREATE TABLE sections (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    key       TEXT NOT NULL,
    ordinal   INTEGER NOT NULL,
    heading   TEXT NOT NULL,
    body      TEXT NOT NULL,
    line      INTEGER NOT NULL
);
CREATE INDEX sections_report ON sections (report_id);

-- Every placed cell of tables 1-3 is a row of cell_values: the report, the cell's key (a
-- number of cell_keys: table, row key, column key), value (NULL for a blank cell; blank is
-- not 0), raw (the cell as printed) and line (1-based source line). The view table_cells
-- shows them with their keys. Keys are numbered because cells are most of the database: a
-- report places some 200, and two key strings (some 27 bytes) a cell doubled its size.
CREATE TABLE cell_keys (
    id       INTEGER PRIMARY KEY,
    table_no INTEGER NOT NULL CHECK (table_no BETWEEN 1 AND 3),
    row_key  TEXT NOT NULL,
    col_key  TEXT NOT NULL,
    UNIQUE (table_no, row_key, col_key)
);

CREATE TABLE cell_values (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    key_id    INTEGER NOT NULL REFERENCES cell_keys (id),
    value     REAL,
    raw       TEXT NOT NULL,
    line      INTEGER NOT NULL,
    PRIMARY KEY (report_id, key_id)
) WITHOUT ROWID;

CREATE VIEW table_cells AS
SELECT c.report_id AS report_id, k.table_no AS table_no, k.row_key AS row_key,
       k.col_key AS col_key, c.value AS value, c.raw AS raw, c.line AS line
FROM cell_values c
JOIN cell_keys k ON k.id = c.key_id;

-- Problems and improvements listed in section five (存在的主要问题及改进情况).
CREATE TABLE issues_listed (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind = 'problem' OR kind = 'improvement'),
    ordinal   INTEGER NOT NULL,
    text      TEXT NOT NULL
);
CREATE INDEX issues_listed_report ON issues_listed (report_id);

-- Consistency rules (勾稽关系, docs/vocabulary.md; `nianbao check --rules`) the report fails: one row
-- per rule, its detail naming every column, row or sentence where the rule fails. A
-- cross-year (x.*) finding belongs to the later report of the pair, whichever was stored
-- first, and is recomputed when either report of the pair is stored. A 'reading' row (rule
-- `reading`) is no fault of the report: what the reader could not read, so the rules that
-- needed it did not run there.
CREATE TABLE check_findings (
    id        INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'reading')),
    detail    TEXT NOT NULL
);
CREATE INDEX check_findings_report ON check_findings (report_id);
CREATE INDEX check_findings_rule ON check_findings (rule);

-- The table cells a finding involves, in the order its detail names them: keys, the
-- printed labels (`一 自然人`), the number (NULL blank or not placed) and the source line
-- (0 not placed). year is the report year the cell is from: an x.* finding involves the
-- previous year's report too.
CREATE TABLE finding_cells (
    finding_id INTEGER NOT NULL REFERENCES check_findings (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL,
    year       INTEGER NOT NULL,
    table_no   INTEGER NOT NULL CHECK (table_no BETWEEN 1 AND 3),
    row_key    TEXT NOT NULL,
    col_key    TEXT NOT NULL,
    label      TEXT NOT NULL,
    value      REAL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (finding_id, ordinal)
) WITHOUT ROWID;

-- Other files holding the same report (agency and year) in another format, not stored:
-- the report keeps the source that places more numbers (a tie goes to the richer
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
-- image references and the version of the table it was read as.
CREATE VIEW report_tables AS
SELECT a.name AS agency, r.year AS year, t.table_no AS table_no,
       CASE t.table_no WHEN 1 THEN r.table1_status WHEN 2 THEN r.table2_status
                       ELSE r.table3_status END AS status,
       CASE t.table_no WHEN 1 THEN r.table1_images WHEN 2 THEN r.table2_images
                       ELSE r.table3_images END AS images,
       CASE t.table_no WHEN 1 THEN r.table1_version WHEN 2 THEN r.table2_version
                       ELSE r.table3_version END AS version,
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
       (SELECT count(*) FROM cell_values x WHERE x.report_id = r.id) AS cells,
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

-- Figures the narrative states (vocab::FACTS; README "Facts from the narrative"): one row
-- per figure a sentence states, with the sentence as printed and the line it starts on.
CREATE TABLE facts (
    report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    section   TEXT NOT NULL,
    key       TEXT NOT NULL,
    value     REAL NOT NULL,
    unit      TEXT NOT NULL,
    sentence  TEXT NOT NULL,
    line      INTEGER NOT NULL
);
CREATE INDEX facts_report ON facts (report_id);
CREATE INDEX facts_key ON facts (key);

-- The gazetteer of province-, city- and county-level divisions (data/regions.csv, loaded
-- when the database is created). A county directly under a province (the districts of
-- 北京市, 省直辖县级市 such as 仙桃市) has the province as its parent.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level = 'province' OR level = 'city' OR level = 'county'),
    parent_code TEXT REFERENCES regions (code)
) WITHOUT ROWID;
CREATE INDEX regions_parent ON regions (parent_code);
CREATE INDEX regions_name ON regions (name);

-- Each agency's name split by level (src/region.rs): names from the gazetteer where it
-- resolved the division (region_code, the deepest), else as printed; NULL where the name
-- says nothing of a level.
CREATE TABLE agency_places (
    agency_id   INTEGER PRIMARY KEY REFERENCES agencies (id) ON DELETE CASCADE,
    region_code TEXT REFERENCES regions (code),
    province    TEXT,
    city        TEXT,
    county      TEXT,
    township    TEXT,
    body        TEXT NOT NULL
);
CREATE INDEX agency_places_region ON agency_places (region_code);

-- Every fact with its agency and year.
CREATE VIEW report_facts AS
SELECT a.name AS agency, r.year AS year, f.section AS section, f.key AS key,
       f.value AS value, f.unit AS unit, f.sentence AS sentence, f.line AS line,
       f.report_id AS report_id
FROM facts f
JOIN reports r ON r.id = f.report_id
JOIN agencies a ON a.id = r.agency_id;

-- Each agency with its province, city, county, township and body, and the codes of the
-- divisions the gazetteer resolved: sum a county's townships with county_code = '370323'.
CREATE VIEW agency_regions AS
SELECT a.name AS agency, p.province AS province, p.city AS city, p.county AS county,
       p.township AS township, p.body AS body,
       CASE d.level WHEN 'province' THEN d.code WHEN 'city' THEN up.code
                    ELSE coalesce(top.code, up.code) END AS province_code,
       CASE d.level WHEN 'city' THEN d.code
                    WHEN 'county' THEN CASE up.level WHEN 'city' THEN up.code END END AS city_code,
       CASE d.level WHEN 'county' THEN d.code END AS county_code,
       p.region_code AS region_code,
       a.id AS agency_id
FROM agencies a
LEFT JOIN agency_places p ON p.agency_id = a.id
LEFT JOIN regions d ON d.code = p.region_code
LEFT JOIN regions up ON up.code = d.parent_code
LEFT JOIN regions top ON top.code = up.parent_code;

-- The figures the saved queries read, one row per report, written with the report
-- (store::FIGURES says how each column is taken from its cells and facts). A summary kept
-- at ingest, not only indexes: a question over one year of the whole country touches some
-- 150,000 reports, and reading their figures from table_cells is 10-30 index lookups a
-- report spread over the whole (largest) table, seconds on a million reports; one narrow
-- row a report stays in memory and answers in a fraction of a second. NULL where the report
-- places no such cell (or all are blank) or states no such fact.
CREATE TABLE report_figures (
    report_id               INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    -- Table 2, row 一 (new applications), by applicant.
    new_natural_person      REAL,
    new_commercial          REAL,
    new_research            REAL,
    new_public_interest     REAL,
    new_legal_services      REAL,
    new_other_org           REAL,
    new_total               REAL,
    -- Table 2, column 总计; denied/unable/not_processed/other_handling sum their rows.
    carried_over            REAL,
    granted                 REAL,
    partial                 REAL,
    denied                  REAL,
    unable                  REAL,
    not_processed           REAL,
    other_handling          REAL,
    total_processed         REAL,
    carried_forward         REAL,
    -- Table 3: cells placed in each row (0: the row is not printed), then its five columns.
    review_cells            INTEGER NOT NULL,
    review_upheld           REAL,
    review_corrected        REAL,
    review_other            REAL,
    review_pending          REAL,
    review_total            REAL,
    litigation_direct_cells INTEGER NOT NULL,
    litigation_direct_upheld REAL,
    litigation_direct_corrected REAL,
    litigation_direct_other REAL,
    litigation_direct_pending REAL,
    litigation_direct_total REAL,
    litigation_after_review_cells INTEGER NOT NULL,
    litigation_after_review_upheld REAL,
    litigation_after_review_corrected REAL,
    litigation_after_review_other REAL,
    litigation_after_review_pending REAL,
    litigation_after_review_total REAL,
    -- The narrative's figures: the first sentence stating each (by line).
    stated_new              REAL,   -- applications.new
    stated_prev_new         REAL,   -- applications.prev_year_new
    published_total         REAL,
    published_website       REAL,
    published_new_media     REAL,
    published_gazette       REAL,
    policy_interpretations  REAL
);

-- The vocabulary (docs/vocabulary.md lists it for people): every section key, table, row
-- key, column key, cell, rule id and fact key the tables above store, with its Chinese label
-- as the template prints it, a one-line English description, its unit and the templates and
-- variants whose table prints it. Written when the database is created, from the same data
-- the reader and the checks use (src/terms.rs), so the two cannot drift. A cell joins
-- `cells` on (table_no, row_key, col_key); a rule `findings` on key = rule:
--   SELECT c.agency, c.year, v.label, c.value FROM cells c
--   JOIN vocabulary v USING (table_no, row_key, col_key) WHERE v.kind = 'cell'
CREATE TABLE vocabulary (
    kind        TEXT NOT NULL CHECK (kind IN ('section', 'table', 'row', 'column', 'cell',
                                              'rule', 'fact')),
    key         TEXT NOT NULL,   -- a cell's key is row_key/col_key
    table_no    INTEGER,         -- of a table, row, column or cell
    row_key     TEXT,            -- of a row or cell
    col_key     TEXT,            -- of a column or cell
    label       TEXT NOT NULL,
    description TEXT NOT NULL,
    unit        TEXT,            -- 件, 项, 万元, 条, %: NULL where none or reports differ
    templates   TEXT NOT NULL,   -- templates whose own table prints it, space-separated
    variants    TEXT NOT NULL,   -- variants some agencies print that have it
    UNIQUE (kind, table_no, key)
);

-- Sections copied (雷同) between reports (src/copies.rs; `nianbao copies` finds them after
-- ingest and replaces this table): 一 总体情况, 五 存在的主要问题及改进情况 and 六
-- 其他需要报告的事项 whose 5-character shingles (letters, digits read as 0, CJK characters)
-- have a Jaccard similarity of at least the run's threshold, between two agencies' reports
-- of one year or one agency's reports of two years. One row per pair, report_id <
-- other_report_id; shared is the share of this report's section found in the other's,
-- other_shared the converse; cluster numbers the reports the pairs connect (per key) by
-- the smallest report id. Removing either report removes the pair and the s.copied_text
-- findings of its partner (the next `nianbao copies` finds them again).
CREATE TABLE copied_sections (
    report_id       INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    key             TEXT NOT NULL,
    other_report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    similarity      REAL NOT NULL,
    shared          REAL NOT NULL,
    other_shared    REAL NOT NULL,
    cluster         INTEGER NOT NULL,
    PRIMARY KEY (report_id, key, other_report_id)
) WITHOUT ROWID;
CREATE INDEX copied_sections_other ON copied_sections (other_report_id);

-- The transparency measures of each report (docs/measures.md), from its report_figures row:
-- the saved queries disclosure-rates, denial-reasons, correction-rates and rankings read
-- them. A rate is a percentage, unrounded; it is computed only from a table read whole
-- (status data), where a blank cell counts as none of its kind, and it is NULL when the
-- table is partial, a picture or missing, or when its denominator is NULL or 0.
--   decided                  三（七）总计 − （六）其他处理 (applications decided);
--                            disclosed, denied, unable: the counts the rates divide
--   granted_rate             （一）予以公开 / decided
--   partial_rate             （二）部分公开 / decided
--   disclosure_rate          公开率: (（一）予以公开 + （二）部分公开) / decided
--   denial_rate              不予公开率: （三）不予公开 (its 8 reasons summed) / decided
--   unable_rate              无法提供率: （四）无法提供 (its 3 reasons summed) / decided
--   review_decided           行政复议 总计 − 尚未审结 (reviews decided)
--   review_correction_rate   复议纠错率: 行政复议 结果纠正 / review_decided
--   litigation_direct_*, litigation_after_review_*: the same for the two rows of 行政诉讼
--   litigation_decided, litigation_loss_rate: 诉讼败诉率, both rows of 行政诉讼 together
--   new_applications         一、本年新收 总计, else the figure the narrative states
--                            (new_source: table or narrative)
CREATE VIEW report_measures AS
SELECT m.report_id AS report_id, m.agency_id AS agency_id, m.year AS year,
       m.new_applications AS new_applications, m.new_source AS new_source,
       m.decided AS decided,
       CASE WHEN m.decided IS NOT NULL THEN m.granted + m.partial END AS disclosed,
       CASE WHEN m.decided IS NOT NULL THEN m.denied END AS denied,
       CASE WHEN m.decided IS NOT NULL THEN m.unable END AS unable,
       CASE WHEN m.decided > 0 THEN 100.0 * m.granted / m.decided END AS granted_rate,
       CASE WHEN m.decided > 0 THEN 100.0 * m.partial / m.decided END AS partial_rate,
       CASE WHEN m.decided > 0 THEN 100.0 * (m.granted + m.partial) / m.decided END
           AS disclosure_rate,
       CASE WHEN m.decided > 0 THEN 100.0 * m.denied / m.decided END AS denial_rate,
       CASE WHEN m.decided > 0 THEN 100.0 * m.unable / m.decided END AS unable_rate,
       m.review_decided AS review_decided,
       CASE WHEN m.review_decided IS NOT NULL THEN m.review_corrected END AS review_corrected,
       CASE WHEN m.review_decided > 0 THEN 100.0 * m.review_corrected / m.review_decided END
           AS review_correction_rate,
       m.direct_decided AS litigation_direct_decided,
       CASE WHEN m.direct_decided IS NOT NULL THEN m.direct_corrected END
           AS litigation_direct_corrected,
       CASE WHEN m.direct_decided > 0 THEN 100.0 * m.direct_corrected / m.direct_decided END
           AS litigation_direct_loss_rate,
       m.after_review_decided AS litigation_after_review_decided,
       CASE WHEN m.after_review_decided IS NOT NULL THEN m.after_review_corrected END
           AS litigation_after_review_corrected,
       CASE WHEN m.after_review_decided > 0
            THEN 100.0 * m.after_review_corrected / m.after_review_decided END
           AS litigation_after_review_loss_rate,
       m.direct_decided + m.after_review_decided AS litigation_decided,
       CASE WHEN m.direct_decided + m.after_review_decided IS NOT NULL
            THEN m.direct_corrected + m.after_review_corrected END AS litigation_corrected,
       CASE WHEN m.direct_decided + m.after_review_decided > 0
            THEN 100.0 * (m.direct_corrected + m.after_review_corrected)
                 / (m.direct_decided + m.after_review_decided) END AS litigation_loss_rate
FROM (
    SELECT r.id AS report_id, r.agency_id AS agency_id, r.year AS year,
           coalesce(f.new_total, f.stated_new) AS new_applications,
           CASE WHEN f.new_total IS NOT NULL THEN 'table'
                WHEN f.stated_new IS NOT NULL THEN 'narrative' END AS new_source,
           CASE WHEN r.table2_status = 'data'
                THEN f.total_processed - coalesce(f.other_handling, 0) END AS decided,
           coalesce(f.granted, 0) AS granted,
           coalesce(f.partial, 0) AS partial,
           coalesce(f.denied, 0) AS denied,
           coalesce(f.unable, 0) AS unable,
           CASE WHEN r.table3_status = 'data'
                THEN f.review_total - coalesce(f.review_pending, 0) END AS review_decided,
           coalesce(f.review_corrected, 0) AS review_corrected,
           CASE WHEN r.table3_status = 'data'
                THEN f.litigation_direct_total - coalesce(f.litigation_direct_pending, 0)
           END AS direct_decided,
           coalesce(f.litigation_direct_corrected, 0) AS direct_corrected,
           CASE WHEN r.table3_status = 'data'
                THEN f.litigation_after_review_total
                     - coalesce(f.litigation_after_review_pending, 0)
           END AS after_review_decided,
           coalesce(f.litigation_after_review_corrected, 0) AS after_review_corrected
    FROM reports r
    JOIN report_figures f ON f.report_id = r.id
) m;

PRAGMA user_version = 9;
