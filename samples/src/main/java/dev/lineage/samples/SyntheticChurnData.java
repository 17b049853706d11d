package dev.lineage.samples;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** A small, seeded customer-churn dataset: three features and a label drawn from a known logistic model. */
final class SyntheticChurnData {
  static final String HEADER = "tenure_years,monthly_spend,support_calls,churned";

  private SyntheticChurnData() {}

  /** Rows of {features..., label} as CSV with the given header, at fixed precision so files are reproducible. */
  static Path writeRows(Path file, String header, List<double[]> rows) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(header);
      out.newLine();
      for (double[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          line.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", row[i]));
        }
        out.write(line.toString());
        out.newLine();
      }
    }
    return file;
  }

  static Path write(Path file, int rows, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(HEADER);
      out.newLine();
      for (int i = 0; i < rows; i++) {
        double tenure = random.nextDouble() * 10;
        double spend = 20 + random.nextDouble() * 80;
        double calls = random.nextInt(8);
        double logit = -1.0 - 0.6 * tenure + 0.02 * spend + 0.7 * calls;
        int churned = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        out.write(String.format(Locale.ROOT, "%.4f,%.2f,%.0f,%d", tenure, spend, calls, churned));
        out.newLine();
      }
    }
    return file;
  }

  /** Rows of {features..., label}. */
  static List<double[]> read(Path file) throws IOException {
    List<double[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      double[] row = new double[parts.length];
      for (int i = 0; i < parts.length; i++) {
        row[i] = Double.parseDouble(parts[i]);
      }
      rows.add(row);
    }
    return rows;
  }
}
