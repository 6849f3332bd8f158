-- How applications were handled per agency and year (table 2 三 outcome rows, 总计 column; denied/unable/not_processed/other_handling sum their numbered rows)
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       r.table2_status AS table2_status,
       f.granted AS granted,
       f.partial AS partial,
       f.denied AS denied,
       f.unable AS unable,
       f.not_processed AS not_processed,
       f.other_handling AS other_handling,
       f.total_processed AS total_processed,
       f.carried_forward AS carried_forward
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN report_figures f ON f.report_id = r.id
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL
       OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
ORDER BY a.name, r.year;
