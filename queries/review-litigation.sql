-- Administrative review and litigation per agency and year (table 3: 3 rows × 5 columns), with the correction rate 结果纠正/总计 in % where 总计 > 0
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
WITH t3 (report_id, ordinal, row_key, placed, upheld, corrected, other, pending, total) AS (
    SELECT report_id, 1, 'review', review_cells, review_upheld, review_corrected,
           review_other, review_pending, review_total
    FROM report_figures
    UNION ALL
    SELECT report_id, 2, 'litigation_direct', litigation_direct_cells,
           litigation_direct_upheld, litigation_direct_corrected, litigation_direct_other,
           litigation_direct_pending, litigation_direct_total
    FROM report_figures
    UNION ALL
    SELECT report_id, 3, 'litigation_after_review', litigation_after_review_cells,
           litigation_after_review_upheld, litigation_after_review_corrected,
           litigation_after_review_other, litigation_after_review_pending,
           litigation_after_review_total
    FROM report_figures
)
SELECT a.name AS agency,
       r.year AS year,
       t.row_key AS row_key,
       t.upheld AS upheld,
       t.corrected AS corrected,
       t.other AS other,
       t.pending AS pending,
       t.total AS total,
       CASE WHEN t.total > 0
            THEN round(100.0 * coalesce(t.corrected, 0) / t.total, 1)
       END AS correction_rate_pct
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN t3 t ON t.report_id = r.id
WHERE t.placed > 0
  AND (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
ORDER BY a.name, r.year, t.ordinal;
