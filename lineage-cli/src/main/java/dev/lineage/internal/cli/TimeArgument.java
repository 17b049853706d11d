package dev.lineage.internal.cli;

import dev.lineage.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w} (ago), a date {@code 2026-11-30} (UTC) or an ISO instant. */
final class TimeArgument {
  static final String HELP = "30m, 12h, 7d, 2w (ago), 2026-11-30 (UTC midnight) or 2026-11-30T12:00:00Z.";
  /** The open end of a time range: far enough, and still within what a millisecond clock can count. */
  static final Instant END_OF_TIME = Instant.parse("9999-12-31T23:59:59Z");
  private static final Pattern AGO = Pattern.compile("(\\d+)([smhdw])");

  private TimeArgument() {}

  static Instant parse(String option, String text, Instant now) {
    Matcher m = AGO.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration unit = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(1);
        case "m" -> Duration.ofMinutes(1);
        case "h" -> Duration.ofHours(1);
        case "d" -> Duration.ofDays(1);
        default -> Duration.ofDays(7);
      };
      return now.minus(unit.multipliedBy(n));
    }
    try {
      return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(option, "must be " + HELP + " Was '" + text + "'");
    }
  }

  static Duration duration(String option, String text) {
    Matcher m = AGO.matcher(text);
    if (!m.matches()) {
      throw new InvalidInputException(option, "must be a duration such as 30m, 12h or 7d, was '" + text + "'");
    }
    Instant epoch = Instant.EPOCH.plus(Duration.ofDays(365_000));
    return Duration.between(parse(option, text, epoch), epoch);
  }
}
