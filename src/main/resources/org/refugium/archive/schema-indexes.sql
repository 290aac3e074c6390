-- Created after the bulk load (see schema.sql). Only what lookups by key need: filters, facets and
-- sorts over observations are Lucene's job, so observations(taxon_id) or (observer_id) would cost
-- import time (~10 s per 10M rows each) and serve nothing.
CREATE INDEX observations_uuid ON observations(uuid);
CREATE INDEX observations_inat_id ON observations(inat_id) WHERE inat_id IS NOT NULL;
-- Old ids that still resolve: the stable id of an observation that has since gained its real id (docs/ids.md).
CREATE INDEX observations_stable_id ON observations(stable_id) WHERE stable_id <> id;
-- license and project_id complete the two indexes below so the search-index build reads them without
-- touching the tables (search/ObservationLinks: one in-order pass instead of a table seek per row).
CREATE INDEX photos_observation ON photos(observation_uuid, position, license);
CREATE INDEX photos_observation_id ON photos(observation_id) WHERE observation_id IS NOT NULL;
CREATE INDEX taxa_parent ON taxa(parent_id);
CREATE INDEX taxon_names_taxon ON taxon_names(taxon_id, locale, position);
CREATE INDEX observers_login ON observers(login COLLATE NOCASE);
CREATE INDEX observations_projects_observation ON observations_projects(observation_uuid, project_id);
CREATE INDEX observations_projects_project ON observations_projects(project_id);
