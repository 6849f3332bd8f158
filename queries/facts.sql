-- Figures the narrative states (fact keys of the README), with the section, line and sentence each came from
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
-- :key      [fact] a fact key such as applications.new, or its family such as published (all keys when not given)
SELECT a.name AS agency,
       r.year AS year,
       f.section AS section,
       f.key AS key,
       f.value AS value,
       f.unit AS unit,
       f.line AS line,
       f.sentence AS sentence
-- From the reports asked for to their facts (CROSS JOIN keeps that order): a year's
-- reports, not every fact of the database, are read.
FROM reports r
CROSS JOIN facts f ON f.report_id = r.id
JOIN agencies a ON a.id = r.agency_id
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
  AND (:key IS NULL OR f.key = :key OR substr(f.key, 1, length(:key) + 1) = :key || '.')
ORDER BY a.name, r.year, f.line, f.rowid;
