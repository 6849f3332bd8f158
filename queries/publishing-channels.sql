-- Information published proactively per agency and year, by channel, as the narrative states it (blank where it does not say)
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       (SELECT f.value FROM facts f WHERE f.report_id = r.id AND f.key = 'published.total'
         ORDER BY f.line, f.rowid LIMIT 1) AS total,
       (SELECT f.value FROM facts f WHERE f.report_id = r.id AND f.key = 'published.website'
         ORDER BY f.line, f.rowid LIMIT 1) AS website,
       (SELECT f.value FROM facts f WHERE f.report_id = r.id AND f.key = 'published.new_media'
         ORDER BY f.line, f.rowid LIMIT 1) AS new_media,
       (SELECT f.value FROM facts f WHERE f.report_id = r.id AND f.key = 'published.gazette'
         ORDER BY f.line, f.rowid LIMIT 1) AS gazette_issues,
       (SELECT f.value FROM facts f WHERE f.report_id = r.id AND f.key = 'policy_interpretations'
         ORDER BY f.line, f.rowid LIMIT 1) AS policy_interpretations
FROM reports r
JOIN agencies a ON a.id = r.agency_id
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR instr(a.name, :agency) > 0)
ORDER BY a.name, r.year;
