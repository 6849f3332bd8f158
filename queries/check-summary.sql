-- Consistency checks per agency and year: how many rules the report fails as errors and as warnings, and which (a report fails a rule at most once; clean reports show 0 and 0)
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
-- :rule     [rule] count only this rule id, or family such as t2 (all rules when not given)
SELECT a.name AS agency,
       r.year AS year,
       count(f.id) FILTER (WHERE f.severity = 'error') AS errors,
       count(f.id) FILTER (WHERE f.severity = 'warning') AS warnings,
       -- The rules in order, by a subquery rather than group_concat(… ORDER BY …), which
       -- SQLite before 3.44 (the sqlite3 shell of many systems) does not know; an ordered
       -- subquery under an aggregate is not flattened, so its order holds.
       coalesce((SELECT group_concat(rule, ' ') FROM
                 (SELECT x.rule FROM check_findings x
                  WHERE x.report_id = r.id AND x.severity = 'error'
                    AND (:rule IS NULL OR x.rule = :rule
                         OR substr(x.rule, 1, length(:rule) + 1) = :rule || '.')
                  ORDER BY x.rule)), '') AS error_rules,
       coalesce((SELECT group_concat(rule, ' ') FROM
                 (SELECT x.rule FROM check_findings x
                  WHERE x.report_id = r.id AND x.severity = 'warning'
                    AND (:rule IS NULL OR x.rule = :rule
                         OR substr(x.rule, 1, length(:rule) + 1) = :rule || '.')
                  ORDER BY x.rule)), '') AS warning_rules
FROM reports r
JOIN agencies a ON a.id = r.agency_id
LEFT JOIN check_findings f
       ON f.report_id = r.id
      AND (:rule IS NULL OR f.rule = :rule OR substr(f.rule, 1, length(:rule) + 1) = :rule || '.')
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL
       OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
-- A report is one agency and year: grouped by them, the reports are read from their
-- (agency_id, year) index, not from the whole reports table (grouping by r.id did that).
GROUP BY r.agency_id, r.year
ORDER BY agency, year;
