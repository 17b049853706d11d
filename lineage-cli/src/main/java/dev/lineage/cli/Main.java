package dev.lineage.cli;

import dev.lineage.internal.cli.LineageCli;

/**
 * The {@code lineage} command. Exit status: 0 done, 1 not found or a lost compare-and-set, 2 bad usage or
 * input, 3 the store cannot be read or written (see docs/cli.md).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(LineageCli.execute(args, System.getenv()));
  }
}
