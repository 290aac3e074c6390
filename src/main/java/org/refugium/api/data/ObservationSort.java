package org.refugium.api.data;

/** order_by / order of /v1/observations; ties are broken by id so pages never overlap. */
public record ObservationSort(Field field, boolean ascending, long seed) {

  public enum Field { ID, OBSERVED_ON, RANDOM }

  public static ObservationSort newestFirst() {
    return new ObservationSort(Field.ID, false, 0);
  }
}
