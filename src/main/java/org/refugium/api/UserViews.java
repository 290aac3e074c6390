package org.refugium.api;

import java.util.List;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex;
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

  private long[] counts(int userId) {
    List<ObservationIndex.ObserverCount> c = snapshot.observations()
        .observers(ObservationFilter.all().withUserIds(List.of(userId)));
    return c.isEmpty() ? new long[2] : new long[] {c.get(0).observations(), c.get(0).species()};
  }
}
