-- Problems and improvements each agency listed in section five (存在的主要问题及改进情况)
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
-- :kind     [problem|improvement] which kind (both when not given)
SELECT a.name AS agency, r.year AS year, i.kind AS kind, i.ordinal AS ordinal, i.text AS text
-- From the reports asked for to their issues (CROSS JOIN keeps that order).
FROM reports r
CROSS JOIN issues_listed i ON i.report_id = r.id
JOIN agencies a ON a.id = r.agency_id
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL
       OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
  AND (:kind IS NULL OR i.kind = :kind)
ORDER BY a.name, r.year, i.kind DESC, i.ordinal;
