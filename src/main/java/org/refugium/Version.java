package org.refugium;

/** The tool's version, from the jar manifest (set by Maven), for manifests, /health and --version. */
public final class Version {

  private Version() {}

  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "dev";
  }
}
