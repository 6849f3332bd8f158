-- New information-disclosure applications per agency and year (table 2, 一 new × 总计), beside the same agency's previous year, with growth in %
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       cur.value AS new_applications,
       prev.value AS prev_year_new_applications,
       CASE WHEN prev.value > 0 AND cur.value IS NOT NULL
            THEN round(100.0 * (cur.value - prev.value) / prev.value, 1)
       END AS growth_pct
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN table_cells cur
       ON cur.report_id = r.id AND cur.table_no = 2
      AND cur.row_key = 'new' AND cur.col_key = 'total'
LEFT JOIN reports pr ON pr.agency_id = r.agency_id AND pr.year = r.year - 1
LEFT JOIN table_cells prev
       ON prev.report_id = pr.id AND prev.table_no = 2
      AND prev.row_key = 'new' AND prev.col_key = 'total'
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
ORDER BY a.name, r.year;
