package org.refugium.api.view;

import java.util.List;
import java.util.Map;

/** An observer. The exports carry id, login and name; the rest is iNaturalist's shape with neutral values. */
public final class UserView {
  public long id;
  public String login;
  public boolean spam;
  public boolean suspended;
  public String createdAt;
  public String loginAutocomplete;
  public String loginExact;
  public String name;
  public String nameAutocomplete;
  public String orcid;
  public String icon;
  public String iconUrl;
  public long observationsCount;
  public long identificationsCount;
  public long journalPostsCount;
  public long activityCount;
  public long speciesCount;
  public long annotatedObservationsCount;
  public long universalSearchRank;
  public List<String> roles = List.of();
  public int siteId = 1;
  public Map<String, Object> preferences = java.util.Collections.singletonMap("prefers_observation_fields_by", null);
}
