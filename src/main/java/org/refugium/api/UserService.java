package org.refugium.api;

import java.util.List;
import java.util.Optional;
import org.refugium.api.data.Records;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.Page;
import org.refugium.api.view.UserView;

/** /v1/users/{id or login}. */
public final class UserService {

  private final ServedSnapshot snapshot;

  public UserService(ServedSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  public Page<List<UserView>> get(String idOrLogin) {
    String key = idOrLogin.strip();
    Optional<Records.Observer> found;
    if (!key.isEmpty() && key.length() < 10 && key.chars().allMatch(Character::isDigit)) {
      long id = Long.parseLong(key);
      found = snapshot.db().with(db -> Records.observerById(db, id));
    } else {
      found = snapshot.db().with(db -> Records.observerByLogin(db, key));
    }
    Records.Observer o = found.orElseThrow(() -> ApiException.notFound("Not found"));
    return new Page<>(1, 1, 1, List.of(new UserViews(snapshot).view(o)));
  }
}
