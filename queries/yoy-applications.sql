-- New applications per agency and year (table 2 一 × 总计, else the narrative's figure) beside the previous year's, with growth in % and the source of each number (table or narrative)
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
WITH paired AS (
    -- Each report shown beside its agency's report of the year before, found through the
    -- (agency, year) index: no other report is read.
    SELECT r.agency_id AS agency_id, r.year AS year,
           coalesce(f.new_total, f.stated_new) AS new,
           CASE WHEN f.new_total IS NOT NULL THEN 'table'
                WHEN f.stated_new IS NOT NULL THEN 'narrative' END AS new_source,
           -- Last year's figure from last year's report, else as this year's report states
           -- or derives it (较去年增加26件).
           coalesce(pf.new_total, pf.stated_new, f.stated_prev_new) AS prev_new,
           CASE WHEN pf.new_total IS NOT NULL THEN 'table'
                WHEN pf.stated_new IS NOT NULL THEN 'narrative'
                WHEN f.stated_prev_new IS NOT NULL THEN 'narrative' END AS prev_source
    FROM reports r
    JOIN report_figures f ON f.report_id = r.id
    LEFT JOIN reports pr ON pr.agency_id = r.agency_id AND pr.year = r.year - 1
    LEFT JOIN report_figures pf ON pf.report_id = pr.id
    WHERE (:year IS NULL OR r.year = :year)
      AND (:agency IS NULL
           OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
)
SELECT a.name AS agency,
       p.year AS year,
       p.new AS new_applications,
       p.new_source AS new_source,
       p.prev_new AS prev_year_new_applications,
       p.prev_source AS prev_source,
       CASE WHEN p.prev_new > 0 AND p.new IS NOT NULL
            THEN round(100.0 * (p.new - p.prev_new) / p.prev_new, 1)
       END AS growth_pct
FROM paired p
JOIN agencies a ON a.id = p.agency_id
ORDER BY a.name, p.year;
