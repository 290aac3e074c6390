package org.refugium.photos;

import java.nio.file.Path;

/**
 * Where a photo lies in a directory store: {@code {root}/{aa}/{bb}/{photo_id}/{size}.{extension}} with
 * {@code aa = id % 100} and {@code bb = (id / 100) % 100}, both two digits.
 *
 * <p>Why sharded: the bucket's own layout puts every photo id in one folder ({@code photos/{id}/}), ~350M of them at
 * full scale; ext4 handles ~10M entries per directory before lookups and `ls` degrade (and 64k subdirectories
 * without dir_nlink). Two levels of 100 give 10,000 leaf folders of ~35k ids each at full scale, and because the
 * shard comes from the id's last digits, consecutive ids (one observation's photos, one day's uploads) spread
 * evenly instead of filling one folder. The id folder keeps the bucket's file names, so a shard is still a copy
 * of the bucket one can read by eye.
 */
public final class DirectoryLayout {

  /** A file at the root of a directory store that marks it as laid out by this class (and its version). */
  public static final String MARKER = ".refugium-photos";

  private DirectoryLayout() {}

  /** The file of {@code key} under {@code root}. */
  public static Path file(Path root, PhotoKey key) {
    return folder(root, key.photoId()).resolve(key.fileName());
  }

  /** The folder holding every size of one photo. */
  public static Path folder(Path root, long photoId) {
    return root.resolve(twoDigits(photoId % 100)).resolve(twoDigits((photoId / 100) % 100))
        .resolve(Long.toString(photoId));
  }

  private static String twoDigits(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }
}
