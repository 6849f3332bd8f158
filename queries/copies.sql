-- Sections copied between reports (雷同; `nianbao copies` finds them): each pair with its section, similarity (Jaccard of 5-character shingles), the share of each report's section found in the other's (%), and its cluster (the reports the pairs connect, by the smallest report id, with how many reports it holds)
-- :year     [integer] report year of either report (all years when not given)
-- :agency   [text] part of either agency's name (all agencies when not given)
-- :key      [overview|problems|other] which section (all three when not given)
WITH clusters AS (
    SELECT key, cluster, count(DISTINCT report) AS reports
    FROM (SELECT key, cluster, report_id AS report FROM copied_sections
          UNION ALL SELECT key, cluster, other_report_id FROM copied_sections)
    GROUP BY key, cluster
)
SELECT a.name AS agency, r.year AS year, c.key AS section,
       oa.name AS other_agency, o.year AS other_year,
       round(c.similarity, 3) AS similarity,
       round(100.0 * c.shared, 1) AS shared_pct,
       round(100.0 * c.other_shared, 1) AS other_shared_pct,
       c.cluster AS cluster,
       k.reports AS cluster_reports
FROM copied_sections c
JOIN reports r ON r.id = c.report_id
JOIN agencies a ON a.id = r.agency_id
JOIN reports o ON o.id = c.other_report_id
JOIN agencies oa ON oa.id = o.agency_id
JOIN clusters k ON k.key = c.key AND k.cluster = c.cluster
WHERE (:year IS NULL OR r.year = :year OR o.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0 OR instr(oa.name, :agency) > 0)
  AND (:key IS NULL OR c.key = :key)
ORDER BY c.cluster, c.key, a.name, r.year, oa.name, o.year;
