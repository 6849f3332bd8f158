-- How applications were handled per agency and year (table 2 三 outcome rows, 总计 column; denied/unable/not_processed/other_handling sum their numbered rows)
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       r.table2_status AS table2_status,
       sum(CASE WHEN c.row_key = 'granted' THEN c.value END) AS granted,
       sum(CASE WHEN c.row_key = 'partial' THEN c.value END) AS partial,
       sum(CASE WHEN c.row_key LIKE 'denied.%' THEN c.value END) AS denied,
       sum(CASE WHEN c.row_key LIKE 'unable.%' THEN c.value END) AS unable,
       sum(CASE WHEN c.row_key LIKE 'not\_processed.%' ESCAPE '\' THEN c.value END) AS not_processed,
       sum(CASE WHEN c.row_key = 'other' OR c.row_key LIKE 'other.%' THEN c.value END) AS other_handling,
       sum(CASE WHEN c.row_key = 'total_processed' THEN c.value END) AS total_processed,
       sum(CASE WHEN c.row_key = 'carried_forward' THEN c.value END) AS carried_forward
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN table_cells c
       ON c.report_id = r.id AND c.table_no = 2 AND c.col_key = 'total'
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
GROUP BY r.id
ORDER BY a.name, r.year;
