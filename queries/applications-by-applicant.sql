-- New applications per agency and year by applicant (table 2 row 一 new across the 7 columns 自然人 … 总计)
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
SELECT a.name AS agency,
       r.year AS year,
       r.table2_status AS table2_status,
       f.new_natural_person AS natural_person,
       f.new_commercial AS commercial,
       f.new_research AS research,
       f.new_public_interest AS public_interest,
       f.new_legal_services AS legal_services,
       f.new_other_org AS other_org,
       f.new_total AS total
FROM reports r
JOIN agencies a ON a.id = r.agency_id
JOIN report_figures f ON f.report_id = r.id
WHERE (:year IS NULL OR r.year = :year)
  AND (:agency IS NULL
       OR r.agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0))
ORDER BY a.name, r.year;
