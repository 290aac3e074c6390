package org.refugium.api.data;

/** One row of photos, with the observer's login and name for the attribution. */
public record PhotoRow(long photoId, String uuid, String observationKey, String extension, String license,
    Integer width, Integer height, int position, String observerLogin, String observerName) {}
