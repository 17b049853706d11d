package com.intellij.rt.execution.application;

/** Stands in for IntelliJ's launcher in a test: the class to run is its first argument. */
public final class AppMainV2 {
  public static void main(String[] args) throws Exception {
    Class.forName(args[0]).getMethod("main", String[].class)
        .invoke(null, (Object) java.util.Arrays.copyOfRange(args, 1, args.length));
  }
}
