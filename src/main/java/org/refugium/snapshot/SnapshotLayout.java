package org.refugium.snapshot;

/**
 * The files of a snapshot directory, named in one place: the importer writes them, the server, the verifier,
 * diff and replication read them. The serving side depends on this, never on the importer.
 */
public final class SnapshotLayout {

  /** The record: SQLite, read-only once published. */
  public static final String DATABASE = "mirror.sqlite";
  /** The Lucene indexes (observations, taxa), one folder each under it. */
  public static final String INDEX_DIR = "index";

  private SnapshotLayout() {}
}
