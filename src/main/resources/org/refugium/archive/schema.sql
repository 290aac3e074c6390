-- The record: one SQLite file per snapshot. This file is the single place the schema lives.
-- Tables are created before the bulk load; indexes (schema-indexes.sql) after it, because
-- building a b-tree once is several times faster than maintaining it row by row.

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT
);

CREATE TABLE taxa (
  id                 INTEGER PRIMARY KEY,
  parent_id          INTEGER,
  ancestry           TEXT,             -- '/'-separated ids from the root (48460 Life) to the parent, as in the export
  rank               TEXT,
  rank_level         REAL,             -- may be fractional (33.5)
  name               TEXT NOT NULL,
  active             INTEGER NOT NULL,
  iconic_taxon_id    INTEGER,          -- derived: nearest iconic ancestor (or itself)
  observations_count INTEGER NOT NULL DEFAULT 0,  -- derived: including descendants
  species_count      INTEGER NOT NULL DEFAULT 0,  -- derived: observed leaf taxa at or below it
  -- derived: nested-set interval (pre-order number of the taxon, last pre-order number below it; children
  -- in id order). "Observations of X and its descendants" is then one range over the observation's own
  -- taxon's tree_left: the search index stores one number per observation instead of every ancestor id.
  tree_left          INTEGER,
  tree_right         INTEGER
);

-- Vernacular names from the taxonomy DwC-A, every language (the scientific name is taxa.name).
-- position keeps the file order within (taxon, locale): position 0 is the preferred name, since the DwC-A has no flag.
CREATE TABLE taxon_names (
  taxon_id INTEGER NOT NULL,
  name     TEXT NOT NULL,
  locale   TEXT NOT NULL,
  lexicon  TEXT,
  position INTEGER NOT NULL
);

CREATE TABLE observers (
  id                 INTEGER PRIMARY KEY,
  login              TEXT,
  name               TEXT,
  observations_count INTEGER NOT NULL DEFAULT 0,  -- derived: their observations in this snapshot
  species_count      INTEGER NOT NULL DEFAULT 0   -- derived: distinct species among them (at or below species rank)
);

-- id: iNaturalist's observation id wherever a source gives it (GBIF catalogNumber, the web export's id, an
-- enrichment joined by uuid or photo id); otherwise stable_id. See docs/ids.md.
CREATE TABLE observations (
  id                  INTEGER PRIMARY KEY,
  uuid                TEXT,
  inat_id             INTEGER,         -- the iNaturalist observation id when a source carries it
  gbif_id             INTEGER,         -- GBIF's occurrence key (gbifID): joins multimedia.txt, cites GBIF
  stable_id           INTEGER,         -- derived from uuid (archive.StableIds), collisions resolved; kept when id is real
  source_line         INTEGER,         -- the row's line in its source file (or its id there): provenance, rejects
  observer_id         INTEGER,
  latitude            REAL,
  longitude           REAL,
  positional_accuracy INTEGER,
  taxon_id            INTEGER,
  quality_grade       TEXT,            -- research / needs_id / casual
  observed_on         TEXT,            -- YYYY-MM-DD
  anomaly_score       REAL,
  flags               INTEGER NOT NULL DEFAULT 0,  -- bit 1: taxon_id not in taxa (orphan, imported and flagged)
  -- From the web export or a GBIF download, where one is imported or joined (NULL otherwise): the Open Data
  -- export has none of these.
  created_at          TEXT,            -- ISO 8601 UTC, e.g. 2015-07-20T03:49:24Z
  updated_at          TEXT,
  time_observed_at    TEXT,            -- ISO 8601 UTC
  time_zone           TEXT,            -- as iNaturalist names it (Rails zone names, e.g. "Eastern Time (US & Canada)")
  place_guess         TEXT,
  place_country       TEXT,
  place_region        TEXT,            -- state / province / admin1
  description         TEXT,
  license             TEXT,            -- the observation's licence code (CC-BY-NC …)
  recorded_by         TEXT             -- the observer's name as the source gives it
);

CREATE TABLE photos (
  photo_id         INTEGER NOT NULL,  -- not unique in the export (~0.1% repeats), so not the key
  uuid             TEXT,
  observation_uuid TEXT,
  observation_id   INTEGER,           -- set for sources that know the observation's id (GBIF)
  observer_id      INTEGER,
  extension        TEXT,
  license          TEXT,
  width            INTEGER,
  height           INTEGER,
  position         INTEGER
);

CREATE TABLE projects (
  id    INTEGER PRIMARY KEY,
  title TEXT,
  slug  TEXT
);

CREATE TABLE observations_projects (
  observation_uuid TEXT NOT NULL,
  project_id       INTEGER NOT NULL
);

-- Derived: taxon ids that observations point at but taxa.csv lacks, with how many observations do.
CREATE TABLE missing_taxa (
  taxon_id           INTEGER PRIMARY KEY,
  observations_count INTEGER NOT NULL
);

-- Derived: what a taxon page shows about the observations of a taxon that has many (import --summaries-from,
-- default 20,000, "and descendants" counted), counted at import in one pass so that the page need not pass over
-- hundreds of thousands of documents per request. The same values the index counts live for smaller taxa
-- (org.refugium.search.ObservationSummary). Lists are space-separated; coordinates as the index decodes them.
CREATE TABLE taxon_summaries (
  taxon_id        INTEGER PRIMARY KEY,
  observations    INTEGER NOT NULL,
  swlat           REAL,              -- the bounds; null when no observation has coordinates
  swlng           REAL,
  nelat           REAL,
  nelng           REAL,
  months          TEXT NOT NULL,     -- 12 counts, January first (undated observations not counted)
  months_research TEXT NOT NULL,     -- the same, research grade only
  first_year      INTEGER NOT NULL,
  years           TEXT NOT NULL,     -- counts per year from first_year to the last year observed
  cell_degrees    REAL NOT NULL,     -- the map's grid (org.refugium.archive.MapGrid)
  cells           TEXT NOT NULL,     -- swlat:swlng:count per non-empty cell, by row then column
  observers       TEXT NOT NULL      -- user_id:observations:species of the top observers, most observations first
);
