package org.refugium.recognition.archive;

/**
 * An index built with one backbone used with another: their vectors live in different spaces, so
 * the nearest neighbours would be noise. Rebuild the index, or use the backbone it names.
 */
public final class BackboneMismatchException extends RuntimeException {

  private final String indexBackbone;
  private final String requested;

  public BackboneMismatchException(String indexBackbone, String requested) {
    super("the vector index was built with backbone " + indexBackbone + " but " + requested
        + " was given: vectors of different backbones cannot be compared (embed again with"
        + " this backbone into its own index, or use the index's backbone)");
    this.indexBackbone = indexBackbone;
    this.requested = requested;
  }

  public String indexBackbone() {
    return indexBackbone;
  }

  public String requested() {
    return requested;
  }
}
