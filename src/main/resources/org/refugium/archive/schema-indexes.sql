-- Created after the bulk load (see schema.sql).
CREATE INDEX observations_uuid ON observations(uuid);
CREATE INDEX observations_inat_id ON observations(inat_id) WHERE inat_id IS NOT NULL;
CREATE INDEX observations_taxon ON observations(taxon_id);
CREATE INDEX observations_observer ON observations(observer_id);
CREATE INDEX photos_observation ON photos(observation_uuid, position);
CREATE INDEX photos_observation_id ON photos(observation_id) WHERE observation_id IS NOT NULL;
CREATE INDEX photos_photo_id ON photos(photo_id);
CREATE INDEX taxa_parent ON taxa(parent_id);
CREATE INDEX taxon_names_taxon ON taxon_names(taxon_id, locale, position);
CREATE INDEX observers_login ON observers(login COLLATE NOCASE);
CREATE INDEX observations_projects_observation ON observations_projects(observation_uuid);
CREATE INDEX observations_projects_project ON observations_projects(project_id);
