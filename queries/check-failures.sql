-- Consistency rules (勾稽关系) each report fails, with the arithmetic that failed
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
-- :rule     [rule] a rule id such as t2.balance, or its family such as t2 (all rules when not given)
-- :severity [error|warning] which severity (both when not given; reading notices, no fault of the report, never)
SELECT agency, year, rule, severity, detail
FROM findings
WHERE report_id IN (
        -- The reports asked for: each agency's name is read once, not once a row.
        SELECT id FROM reports
        WHERE (:year IS NULL OR year = :year)
          AND (:agency IS NULL
               OR agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0)))
  AND (:rule IS NULL OR rule = :rule OR substr(rule, 1, length(:rule) + 1) = :rule || '.')
  AND severity IN ('error', 'warning')
  AND (:severity IS NULL OR severity = :severity)
ORDER BY agency, year, rule, detail;
