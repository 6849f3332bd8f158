-- Administrative review and litigation per agency and year (table 3: 3 rows × 5 columns), with the correction rate 结果纠正/总计 in % where 总计 > 0
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       c.row_key AS row_key,
       max(CASE c.col_key WHEN 'upheld' THEN c.value END) AS upheld,
       max(CASE c.col_key WHEN 'corrected' THEN c.value END) AS corrected,
       max(CASE c.col_key WHEN 'other' THEN c.value END) AS other,
       max(CASE c.col_key WHEN 'pending' THEN c.value END) AS pending,
       max(CASE c.col_key WHEN 'total' THEN c.value END) AS total,
       CASE WHEN max(CASE c.col_key WHEN 'total' THEN c.value END) > 0
            THEN round(100.0 * coalesce(max(CASE c.col_key WHEN 'corrected' THEN c.value END), 0)
                       / max(CASE c.col_key WHEN 'total' THEN c.value END), 1)
       END AS correction_rate_pct
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN table_cells c ON c.report_id = r.id AND c.table_no = 3
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
GROUP BY r.id, c.row_key
ORDER BY a.name, r.year,
         CASE c.row_key WHEN 'review' THEN 1 WHEN 'litigation_direct' THEN 2
                        WHEN 'litigation_after_review' THEN 3 ELSE 4 END;
