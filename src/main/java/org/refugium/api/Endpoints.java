package org.refugium.api;

import java.util.function.Function;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;

/** What every resource holds: the served snapshot and the API's settings; runs a request on a leased snapshot. */
public final class Endpoints {

  private final SnapshotHolder holder;
  private final ApiConfig config;

  public Endpoints(SnapshotHolder holder, ApiConfig config) {
    this.holder = holder;
    this.config = config;
  }

  public ApiConfig config() {
    return config;
  }

  public <T> T call(Function<ServedSnapshot, T> work) {
    try (ServedSnapshot s = holder.acquire()) {
      return work.apply(s);
    }
  }
}
