package org.refugium.api;

import org.refugium.api.data.Records;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.UserView;

/** Observers to iNaturalist's user JSON, with their observation and species counts from the search side. */
public final class UserViews {

  private final ServedSnapshot snapshot;

  public UserViews(ServedSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  public UserView view(Records.Observer o) {
    long[] counts = snapshot.caches().get("user-counts", o.id(), this::counts);
    return view(o, counts[0], counts[1]);
  }

  /** With counts already known (the observers endpoint computes them for its filter). */
  public static UserView view(Records.Observer o, long observations, long species) {
    UserView v = new UserView();
    v.id = o.id();
    v.login = o.login();
    v.loginAutocomplete = o.login();
    v.loginExact = o.login();
    v.name = o.name();
    v.nameAutocomplete = o.name();
    v.observationsCount = observations;
    v.activityCount = observations;
    v.universalSearchRank = observations;
    v.speciesCount = species;
    return v;
  }

  /** Observations and species of an observer, counted once at import (observers table), a key lookup here. */
  private long[] counts(int userId) {
    return snapshot.db().with(db -> {
      try (var ps = db.prepareStatement("SELECT observations_count, species_count FROM observers WHERE id = ?")) {
        ps.setInt(1, userId);
        try (var rs = ps.executeQuery()) {
          return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
        }
      }
    });
  }
}
