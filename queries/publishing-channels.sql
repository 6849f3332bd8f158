-- Information published proactively per agency and year, by channel, as the narrative states it (blank where it does not say)
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       f.published_total AS total,
       f.published_website AS website,
       f.published_new_media AS new_media,
       f.published_gazette AS gazette_issues,
       f.policy_interpretations AS policy_interpretations
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN report_figures f ON f.report_id = r.id
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL
       OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
ORDER BY a.name, r.year;
