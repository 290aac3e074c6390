package org.refugium.api.data;

import java.util.List;

/** One observation as the record holds it, with its observer, photos (by position) and projects. */
public record ObservationRow(long id, String uuid, Long inatId, Integer observerId, String observerLogin,
    String observerName, Double latitude, Double longitude, Integer positionalAccuracy, Integer taxonId,
    String qualityGrade, String observedOn, List<PhotoRow> photos, List<Integer> projectIds) {}
