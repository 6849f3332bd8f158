-- Agencies ranked by a measure within each province, city or county and year (docs/measures.md): rank 1 is the highest rate; a rate over fewer than min_sample cases is shown as "too few" and not ranked; blank where the table is not read whole; agencies the gazetteer does not place at the level are left out
-- :year       [integer] report year (all years when not given)
-- :level      [province|city|county] the regions ranked within (county when not given)
-- :region     [text] part of a province, city or county name (all regions when not given)
-- :measure    [disclosure|denial|unable|review_correction|litigation_loss] the rate ranked by (disclosure when not given)
-- :min_sample [integer] the fewest decided applications (or cases, for review and litigation) a ranked rate is over (10 when not given)
WITH placed AS (
    SELECT g.province AS province,
           CASE WHEN coalesce(:level, 'county') IN ('city', 'county') THEN g.city END AS city,
           CASE WHEN coalesce(:level, 'county') = 'county' THEN g.county END AS county,
           m.year AS year, m.agency_id AS agency_id,
           CASE coalesce(:measure, 'disclosure')
                WHEN 'review_correction' THEN m.review_decided
                WHEN 'litigation_loss' THEN m.litigation_decided
                ELSE m.decided END AS sample,
           CASE coalesce(:measure, 'disclosure')
                WHEN 'disclosure' THEN m.disclosure_rate
                WHEN 'denial' THEN m.denial_rate
                WHEN 'unable' THEN m.unable_rate
                WHEN 'review_correction' THEN m.review_correction_rate
                ELSE m.litigation_loss_rate END AS rate
    FROM report_measures m
    JOIN agency_places g ON g.agency_id = m.agency_id
    WHERE (:year IS NULL OR m.year = :year)
      AND CASE coalesce(:level, 'county') WHEN 'province' THEN g.province
               WHEN 'city' THEN g.city ELSE g.county END IS NOT NULL
      AND (:region IS NULL OR instr(coalesce(g.province, ''), :region) > 0
           OR instr(coalesce(g.city, ''), :region) > 0
           OR instr(coalesce(g.county, ''), :region) > 0)
),
judged AS (
    SELECT p.*, p.rate IS NOT NULL AND p.sample >= coalesce(:min_sample, 10) AS ranked
    FROM placed p
)
SELECT j.province AS province, j.city AS city, j.county AS county, j.year AS year,
       a.name AS agency,
       j.sample AS sample,
       CASE WHEN j.ranked THEN round(j.rate, 1)
            WHEN j.sample IS NOT NULL AND j.sample < coalesce(:min_sample, 10) THEN 'too few'
       END AS rate_pct,
       CASE WHEN j.ranked
            THEN rank() OVER (PARTITION BY j.province, j.city, j.county, j.year, j.ranked
                              ORDER BY j.rate DESC) END AS rank,
       sum(j.ranked) OVER (PARTITION BY j.province, j.city, j.county, j.year) AS ranked_of
FROM judged j
JOIN agencies a ON a.id = j.agency_id
ORDER BY 1, 2, 3, 4, j.ranked DESC, j.rate DESC, a.name;
