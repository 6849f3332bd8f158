-- Tables 2 and 3 (总计 column) summed per province, city or county and year, agencies placed by the gazetteer; new applications fall back to the narrative's figure where table 2 gives none (counted in new_from_narrative)
-- :year     [integer] report year (all years when not given)
-- :level    [province|city|county] the level summed over (city when not given)
-- :region   [text] part of a province, city or county name (all regions when not given)
WITH per_report AS (
    SELECT r.id AS report_id, r.agency_id AS agency_id, r.year AS year,
           r.table2_status IN ('data', 'partial') AS has_table2,
           f.new_total AS table_new,
           f.stated_new AS stated_new,
           f.carried_over AS carried_over,
           f.granted AS granted,
           f.partial AS partial,
           f.denied AS denied,
           f.unable AS unable,
           f.not_processed AS not_processed,
           f.other_handling AS other_handling,
           f.total_processed AS total_processed,
           f.carried_forward AS carried_forward,
           f.review_total AS reviews,
           CASE WHEN f.litigation_direct_total IS NOT NULL
                  OR f.litigation_after_review_total IS NOT NULL
                THEN coalesce(f.litigation_direct_total, 0)
                     + coalesce(f.litigation_after_review_total, 0)
           END AS lawsuits
    FROM reports r
    JOIN report_figures f ON f.report_id = r.id
    WHERE (:year IS NULL OR r.year = :year)
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
LEFT JOIN agency_places g ON g.agency_id = p.agency_id
WHERE :region IS NULL OR instr(coalesce(g.province, ''), :region) > 0
   OR instr(coalesce(g.city, ''), :region) > 0 OR instr(coalesce(g.county, ''), :region) > 0
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;
