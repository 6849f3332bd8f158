-- 公开率 per agency and year and its parts (docs/measures.md): disclosure_rate_pct = (（一）予以公开 + （二）部分公开) / decided, decided = 三（七）总计 − （六）其他处理, in % to one decimal; blank where table 2 is not read whole or decided is 0
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       m.year AS year,
       r.table2_status AS table2_status,
       m.decided AS decided,
       f.granted AS granted,
       f.partial AS partial,
       f.other_handling AS other_handling,
       round(m.granted_rate, 1) AS granted_pct,
       round(m.partial_rate, 1) AS partial_pct,
       round(m.disclosure_rate, 1) AS disclosure_rate_pct
FROM report_measures m
JOIN reports r ON r.id = m.report_id
JOIN report_figures f ON f.report_id = m.report_id
JOIN agencies a ON a.id = m.agency_id
WHERE (:year IS NULL OR m.year = :year)
  AND (:agency IS NULL
       OR m.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
ORDER BY a.name, m.year;
