package dev.lineage.internal.cli;

import dev.lineage.LineageException;

/** The store named on the command line could not be opened: exit 3, whatever the underlying reason. */
final class StoreUnavailableException extends LineageException {
  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
