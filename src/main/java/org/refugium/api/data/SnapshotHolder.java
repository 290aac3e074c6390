package org.refugium.api.data;

import java.util.concurrent.atomic.AtomicReference;
import org.refugium.api.ApiException;

/**
 * The snapshot being served, behind one atomic reference. A request takes a lease with
 * {@link #acquire()} and closes it when done; {@link #replace} (for the live switch of a later issue)
 * swaps the reference and releases the old snapshot, which closes once its last request has finished.
 */
public final class SnapshotHolder implements AutoCloseable {

  private final AtomicReference<ServedSnapshot> current;

  public SnapshotHolder(ServedSnapshot initial) {
    this.current = new AtomicReference<>(initial);
  }

  /** The served snapshot, retained for the caller: use in try-with-resources. */
  public ServedSnapshot acquire() {
    while (true) {
      ServedSnapshot s = current.get();
      if (s == null) {
        throw new ApiException(503, "no snapshot is being served");
      }
      if (s.retain()) {
        return s;
      }
      // closed between get() and retain(): a replace() happened; read the new one
    }
  }

  public void replace(ServedSnapshot next) {
    ServedSnapshot old = current.getAndSet(next);
    if (old != null) {
      old.close();
    }
  }

  @Override
  public void close() {
    replace(null);
  }
}
