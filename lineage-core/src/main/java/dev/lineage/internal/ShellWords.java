package dev.lineage.internal;

/** Words as a POSIX shell takes them back: the one quoting rule of every command line Lineage prints. */
public final class ShellWords {
  private ShellWords() {}

  /** {@code word} as it is if every character is safe, else in single quotes (a quote inside as {@code '\''}). */
  public static String quote(String word) {
    return word.matches("[A-Za-z0-9._:/=+@,%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** The words, each {@link #quote quoted}, one space apart. */
  public static String line(Iterable<String> words) {
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(quote(w));
    }
    return line.toString();
  }
}
