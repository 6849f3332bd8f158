-- Problems and improvements each agency listed in section five (存在的主要问题及改进情况)
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
-- :kind    problem or improvement (both when not given)
SELECT agency, year, kind, ordinal, text
FROM problems_listed
WHERE (:year IS NULL OR year = :year)
  AND (:agency IS NULL OR instr(agency, :agency) > 0)
  AND (:kind IS NULL OR kind = :kind)
ORDER BY agency, year, kind DESC, ordinal;
