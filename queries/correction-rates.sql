-- 复议纠错率 and 诉讼败诉率 per agency and year (docs/measures.md): 结果纠正 / (总计 − 尚未审结) of table 3, in % to one decimal, for 行政复议, each row of 行政诉讼 and both together; blank where table 3 is not read whole or nothing was decided
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       m.year AS year,
       r.table3_status AS table3_status,
       m.review_decided AS review_decided,
       m.review_corrected AS review_corrected,
       round(m.review_correction_rate, 1) AS review_correction_rate_pct,
       m.litigation_direct_decided AS litigation_direct_decided,
       m.litigation_direct_corrected AS litigation_direct_corrected,
       round(m.litigation_direct_loss_rate, 1) AS litigation_direct_loss_rate_pct,
       m.litigation_after_review_decided AS litigation_after_review_decided,
       m.litigation_after_review_corrected AS litigation_after_review_corrected,
       round(m.litigation_after_review_loss_rate, 1) AS litigation_after_review_loss_rate_pct,
       m.litigation_decided AS litigation_decided,
       m.litigation_corrected AS litigation_corrected,
       round(m.litigation_loss_rate, 1) AS litigation_loss_rate_pct
FROM report_measures m
JOIN reports r ON r.id = m.report_id
JOIN agencies a ON a.id = m.agency_id
WHERE (:year IS NULL OR m.year = :year)
  AND (:agency IS NULL
       OR m.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
ORDER BY a.name, m.year;
