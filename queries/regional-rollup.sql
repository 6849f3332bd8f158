-- Tables 2 and 3 (总计 column) summed per province, city or county and year, agencies placed by the gazetteer; new applications fall back to the narrative's figure where table 2 gives none (counted in new_from_narrative)
-- :year    report year (all years when not given)
-- :level   province, city or county (city when not given)
-- :region  part of a province, city or county name (all regions when not given)
WITH per_report AS (
    SELECT r.id AS report_id, r.agency_id AS agency_id, r.year AS year,
           r.table2_status IN ('data', 'partial') AS has_table2,
           sum(CASE WHEN c.table_no = 2 AND c.row_key = 'new' THEN c.value END) AS table_new,
           (SELECT f.value FROM facts f
             WHERE f.report_id = r.id AND f.key = 'applications.new'
             ORDER BY f.line, f.rowid LIMIT 1) AS stated_new,
           sum(CASE WHEN c.table_no = 2 AND c.row_key = 'carried_over' THEN c.value END) AS carried_over,
           sum(CASE WHEN c.table_no = 2 AND c.row_key = 'granted' THEN c.value END) AS granted,
           sum(CASE WHEN c.table_no = 2 AND c.row_key = 'partial' THEN c.value END) AS partial,
           sum(CASE WHEN c.table_no = 2 AND c.row_key LIKE 'denied.%' THEN c.value END) AS denied,
           sum(CASE WHEN c.table_no = 2 AND c.row_key LIKE 'unable.%' THEN c.value END) AS unable,
           sum(CASE WHEN c.table_no = 2 AND c.row_key LIKE 'not\_processed.%' ESCAPE '\' THEN c.value END) AS not_processed,
           sum(CASE WHEN c.table_no = 2 AND (c.row_key = 'other' OR c.row_key LIKE 'other.%') THEN c.value END) AS other_handling,
           sum(CASE WHEN c.table_no = 2 AND c.row_key = 'total_processed' THEN c.value END) AS total_processed,
           sum(CASE WHEN c.table_no = 2 AND c.row_key = 'carried_forward' THEN c.value END) AS carried_forward,
           sum(CASE WHEN c.table_no = 3 AND c.row_key = 'review' THEN c.value END) AS reviews,
           sum(CASE WHEN c.table_no = 3 AND c.row_key LIKE 'litigation\_%' ESCAPE '\' THEN c.value END) AS lawsuits
    FROM reports r
    LEFT JOIN table_cells c
           ON c.report_id = r.id AND c.table_no IN (2, 3) AND c.col_key = 'total'
    WHERE (:year IS NULL OR r.year = :year)
    GROUP BY r.id
)
SELECT g.province AS province,
       CASE WHEN coalesce(:level, 'city') IN ('city', 'county') THEN g.city END AS city,
       CASE WHEN :level = 'county' THEN g.county END AS county,
       p.year AS year,
       count(*) AS reports,
       sum(p.has_table2) AS reports_with_table2,
       sum(coalesce(p.table_new, p.stated_new)) AS new_applications,
       sum(p.table_new IS NULL AND p.stated_new IS NOT NULL) AS new_from_narrative,
       sum(p.carried_over) AS carried_over,
       sum(p.granted) AS granted,
       sum(p.partial) AS partial,
       sum(p.denied) AS denied,
       sum(p.unable) AS unable,
       sum(p.not_processed) AS not_processed,
       sum(p.other_handling) AS other_handling,
       sum(p.total_processed) AS total_processed,
       sum(p.carried_forward) AS carried_forward,
       sum(p.reviews) AS reviews,
       sum(p.lawsuits) AS lawsuits
FROM per_report p
JOIN agency_regions g ON g.agency_id = p.agency_id
WHERE :region IS NULL OR instr(coalesce(g.province, ''), :region) > 0
   OR instr(coalesce(g.city, ''), :region) > 0 OR instr(coalesce(g.county, ''), :region) > 0
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
