package dev.lineage.internal.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the jar's manifest carries, or "development" when run from classes. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = dev.lineage.Lineage.class.getPackage().getImplementationVersion();
    return new String[] {"lineage " + (v != null ? v : "development") + " (Java " + Runtime.version() + ")"};
  }
}
