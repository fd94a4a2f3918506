-- Where the reading of each page stands while the scan job runs (page number -> stage), written by
-- whichever node runs the job and read by every node serving the web app.
alter table prescriptions add column if not exists reading_progress jsonb;
