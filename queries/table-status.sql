-- Reports whose tables are not fully data (partial, image or missing), with the image references
-- :year    report year (all years when not given)
-- :agency  part of the agency name (all agencies when not given)
SELECT agency, year, table_no, status, images
FROM report_tables
WHERE status <> 'data'
  AND (:year IS NULL OR year = :year)
  AND (:agency IS NULL OR instr(agency, :agency) > 0)
ORDER BY agency, year, table_no;
