package org.refugium.recognition;

/**
 * One class of a classifier's output. {@code scientificName}/{@code commonName} are null for
 * labels that are not of the "Genus species (Common name)" form, e.g. "background".
 */
public record Prediction(
    int classIndex, String label, String scientificName, String commonName, float probability) {}
