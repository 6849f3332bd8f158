-- New applications per agency and year (table 2 一 × 总计, else the narrative's figure) beside the previous year's, with growth in % and the source of each number (table or narrative)
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
WITH yearly AS (
    -- Only the agencies and years shown, and the year before: a pair needs no other.
    SELECT r.id AS report_id, r.agency_id AS agency_id, r.year AS year,
           f.new_total AS table_new,
           f.stated_new AS stated_new,
           -- Last year's figure as this year's report states or derives it (较去年增加26件).
           f.stated_prev_new AS stated_prev
    FROM reports r
    JOIN report_figures f ON f.report_id = r.id
    WHERE (:year IS NULL OR r.year = :year OR r.year = :year - 1)
      AND (:agency IS NULL
           OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
),
figures AS (
    SELECT agency_id, year, stated_prev,
           coalesce(table_new, stated_new) AS new,
           CASE WHEN table_new IS NOT NULL THEN 'table'
                WHEN stated_new IS NOT NULL THEN 'narrative' END AS source
    FROM yearly
),
paired AS (
    SELECT cur.agency_id AS agency_id, cur.year AS year,
           cur.new AS new, cur.source AS new_source,
           coalesce(prev.new, cur.stated_prev) AS prev_new,
           CASE WHEN prev.new IS NOT NULL THEN prev.source
                WHEN cur.stated_prev IS NOT NULL THEN 'narrative' END AS prev_source
    FROM figures cur
    LEFT JOIN figures prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
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
WHERE (:year IS NULL OR p.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
ORDER BY a.name, p.year;
