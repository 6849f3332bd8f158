-- 不予公开率 and 无法提供率 per agency and year with the reasons' mix (docs/measures.md): one row per reason of （三）不予公开 and （四）无法提供 (table 2, 总计 column), its count, its share of its kind in %, and the kind's rate over decided (三（七）总计 − （六）其他处理) in %; rates and shares blank where table 2 is not read whole or the denominator is 0
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
-- :kind     [denied|unable] which kind (both when not given)
SELECT a.name AS agency,
       m.year AS year,
       substr(k.row_key, 1, instr(k.row_key, '.') - 1) AS kind,
       substr(k.row_key, instr(k.row_key, '.') + 1) AS reason,
       c.value AS count,
       CASE WHEN k.row_key LIKE 'denied.%' AND m.denied > 0
                 THEN round(100.0 * coalesce(c.value, 0) / m.denied, 1)
            WHEN k.row_key LIKE 'unable.%' AND m.unable > 0
                 THEN round(100.0 * coalesce(c.value, 0) / m.unable, 1)
       END AS share_pct,
       round(CASE WHEN k.row_key LIKE 'denied.%' THEN m.denial_rate ELSE m.unable_rate END, 1)
           AS rate_pct
-- From the reports asked for to their reason cells, by each report's key.
FROM report_measures m
CROSS JOIN cell_keys k
JOIN cell_values c ON c.report_id = m.report_id AND c.key_id = k.id
JOIN agencies a ON a.id = m.agency_id
WHERE k.table_no = 2 AND k.col_key = 'total'
  AND (k.row_key LIKE 'denied.%' OR k.row_key LIKE 'unable.%')
  AND (:kind IS NULL OR k.row_key LIKE :kind || '.%')
  AND (:year IS NULL OR m.year = :year)
  AND (:agency IS NULL
       OR m.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
-- Reasons in the order the report prints them.
ORDER BY a.name, m.year, k.row_key LIKE 'unable.%', c.line, k.id;
