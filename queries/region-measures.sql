-- Measures of each province, city or county and year over its agencies' summed figures, the region's own government apart (docs/measures.md): scope departments sums every agency in the region but the governments (人民政府) of the region and of the divisions in it, whose reports may state the whole division's figures, its departments' included; scope government is the region's own government's report; rates in % to one decimal over the reports whose table is read whole
-- :year     [integer] report year (all years when not given)
-- :level    [province|city|county] the level summed over (county when not given)
-- :region   [text] part of a province, city or county name (all regions when not given)
WITH placed AS (
    SELECT g.province AS province,
           CASE WHEN coalesce(:level, 'county') IN ('city', 'county') THEN g.city END AS city,
           CASE WHEN coalesce(:level, 'county') = 'county' THEN g.county END AS county,
           CASE WHEN g.township IS NOT NULL OR g.body NOT IN ('人民政府', '政府')
                THEN 'departments'
                -- The region's own government: placed at the level and no deeper.
                WHEN CASE coalesce(:level, 'county')
                          WHEN 'province' THEN g.city IS NULL AND g.county IS NULL
                          WHEN 'city' THEN g.county IS NULL
                          ELSE 1 END
                THEN 'government'
           END AS scope,
           m.*
    FROM report_measures m
    JOIN agency_places g ON g.agency_id = m.agency_id
    WHERE (:year IS NULL OR m.year = :year)
      AND CASE coalesce(:level, 'county') WHEN 'province' THEN g.province
               WHEN 'city' THEN g.city ELSE g.county END IS NOT NULL
      AND (:region IS NULL OR instr(coalesce(g.province, ''), :region) > 0
           OR instr(coalesce(g.city, ''), :region) > 0
           OR instr(coalesce(g.county, ''), :region) > 0)
)
SELECT province, city, county, year, scope,
       count(*) AS reports,
       sum(new_applications) AS new_applications,
       sum(decided) AS decided,
       sum(disclosed) AS disclosed,
       CASE WHEN sum(decided) > 0 THEN round(100.0 * sum(disclosed) / sum(decided), 1) END
           AS disclosure_rate_pct,
       CASE WHEN sum(decided) > 0 THEN round(100.0 * sum(denied) / sum(decided), 1) END
           AS denial_rate_pct,
       CASE WHEN sum(decided) > 0 THEN round(100.0 * sum(unable) / sum(decided), 1) END
           AS unable_rate_pct,
       sum(review_decided) AS review_decided,
       CASE WHEN sum(review_decided) > 0
            THEN round(100.0 * sum(review_corrected) / sum(review_decided), 1) END
           AS review_correction_rate_pct,
       sum(litigation_decided) AS litigation_decided,
       CASE WHEN sum(litigation_decided) > 0
            THEN round(100.0 * sum(litigation_corrected) / sum(litigation_decided), 1) END
           AS litigation_loss_rate_pct
FROM placed
-- A government of a division inside the region is neither: its own division's rows show it.
WHERE scope IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
ORDER BY 1, 2, 3, 4, 5 DESC;
