-- Faro schema 3 (PostgreSQL): the inspections of a program, counted by status on the programs page.
CREATE INDEX inspections_program ON inspections (program_id, status);
