-- New applications per agency and year by applicant (table 2 row 一 new across the 7 columns 自然人 … 总计)
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       r.table2_status AS table2_status,
       max(CASE c.col_key WHEN 'natural_person' THEN c.value END) AS natural_person,
       max(CASE c.col_key WHEN 'commercial' THEN c.value END) AS commercial,
       max(CASE c.col_key WHEN 'research' THEN c.value END) AS research,
       max(CASE c.col_key WHEN 'public_interest' THEN c.value END) AS public_interest,
       max(CASE c.col_key WHEN 'legal_services' THEN c.value END) AS legal_services,
       max(CASE c.col_key WHEN 'other_org' THEN c.value END) AS other_org,
       max(CASE c.col_key WHEN 'total' THEN c.value END) AS total
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN table_cells c
       ON c.report_id = r.id AND c.table_no = 2 AND c.row_key = 'new'
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
GROUP BY r.id
ORDER BY a.name, r.year;
