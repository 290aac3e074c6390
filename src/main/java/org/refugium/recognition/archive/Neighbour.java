package org.refugium.recognition.archive;

/**
 * One archived observation near a query photo: its most similar photo, and what the evidence
 * shows about it. {@code cosine} is the similarity of the unit vectors (1 = same direction).
 *
 * @param ancestry taxon ids from the root to the observation's taxon (inclusive)
 */
public record Neighbour(long photoId, String photoExtension, long observationId, String uuid,
    int taxonId, int[] ancestry, Double latitude, Double longitude, String observedOn,
    String quality, long observerId, double cosine) {}
