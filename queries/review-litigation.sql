-- Administrative review and litigation per agency and year (table 3: 3 rows × 5 columns), with the correction rate 结果纠正/总计 in % where 总计 > 0
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
WITH t3 AS (
    -- Each report's figures read once and spread over table 3's three rows.
    SELECT r.id AS report_id, r.agency_id AS agency_id, r.year AS year,
           t.ordinal AS ordinal, t.row_key AS row_key,
           CASE t.ordinal WHEN 1 THEN f.review_cells WHEN 2 THEN f.litigation_direct_cells
                ELSE f.litigation_after_review_cells END AS placed,
           CASE t.ordinal WHEN 1 THEN f.review_upheld WHEN 2 THEN f.litigation_direct_upheld
                ELSE f.litigation_after_review_upheld END AS upheld,
           CASE t.ordinal WHEN 1 THEN f.review_corrected
                WHEN 2 THEN f.litigation_direct_corrected
                ELSE f.litigation_after_review_corrected END AS corrected,
           CASE t.ordinal WHEN 1 THEN f.review_other WHEN 2 THEN f.litigation_direct_other
                ELSE f.litigation_after_review_other END AS other,
           CASE t.ordinal WHEN 1 THEN f.review_pending WHEN 2 THEN f.litigation_direct_pending
                ELSE f.litigation_after_review_pending END AS pending,
           CASE t.ordinal WHEN 1 THEN f.review_total WHEN 2 THEN f.litigation_direct_total
                ELSE f.litigation_after_review_total END AS total
    FROM reports r
    JOIN report_figures f ON f.report_id = r.id
    CROSS JOIN (SELECT 1 AS ordinal, 'review' AS row_key
                UNION ALL SELECT 2, 'litigation_direct'
                UNION ALL SELECT 3, 'litigation_after_review') t
    WHERE (:year IS NULL OR r.year = :year)
      AND (:agency IS NULL
           OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
)
SELECT a.name AS agency,
       t.year AS year,
       t.row_key AS row_key,
       t.upheld AS upheld,
       t.corrected AS corrected,
       t.other AS other,
       t.pending AS pending,
       t.total AS total,
       CASE WHEN t.total > 0
            THEN round(100.0 * coalesce(t.corrected, 0) / t.total, 1)
       END AS correction_rate_pct
FROM t3 t
JOIN agencies a ON a.id = t.agency_id
WHERE t.placed > 0
ORDER BY a.name, t.year, t.ordinal;
