-- Reports whose tables are not fully data (partial, image or missing), with the image references
-- :year     [integer] report year (all years when not given)
-- :agency   [text] part of the agency name (all agencies when not given)
SELECT agency, year, table_no, status, images
FROM report_tables
WHERE report_id IN (
        -- The reports asked for: each agency's name is read once, not once a row.
        SELECT id FROM reports
        WHERE (:year IS NULL OR year = :year)
          AND (:agency IS NULL
               OR agency_id IN (SELECT id FROM agencies WHERE instr(name, :agency) > 0)))
  AND status <> 'data'
ORDER BY agency, year, table_no;
