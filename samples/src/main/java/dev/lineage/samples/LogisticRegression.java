package dev.lineage.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Logistic regression trained by plain stochastic gradient descent, with standardised features. */
final class LogisticRegression {
  private final double[] weights;
  private final double[] mean;
  private final double[] scale;
  private double bias;

  LogisticRegression(List<double[]> rows) {
    int features = rows.get(0).length - 1;
    weights = new double[features];
    mean = new double[features];
    scale = new double[features];
    for (int f = 0; f < features; f++) {
      final int col = f;
      mean[f] = rows.stream().mapToDouble(r -> r[col]).average().orElse(0);
      double var = rows.stream().mapToDouble(r -> (r[col] - mean[col]) * (r[col] - mean[col])).average().orElse(1);
      scale[f] = Math.sqrt(var) + 1e-9;
    }
  }

  /** One pass over the rows; returns the mean log-loss before each update. */
  double epoch(List<double[]> rows, double learningRate) {
    double loss = 0;
    for (double[] row : rows) {
      double p = predict(row);
      double y = row[row.length - 1];
      loss += -(y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
      double error = p - y;
      for (int f = 0; f < weights.length; f++) {
        weights[f] -= learningRate * error * (row[f] - mean[f]) / scale[f];
      }
      bias -= learningRate * error;
    }
    return loss / rows.size();
  }

  double predict(double[] row) {
    double z = bias;
    for (int f = 0; f < weights.length; f++) {
      z += weights[f] * (row[f] - mean[f]) / scale[f];
    }
    return 1 / (1 + Math.exp(-z));
  }

  double accuracy(List<double[]> rows) {
    long correct = rows.stream().filter(r -> (predict(r) >= 0.5 ? 1 : 0) == (int) r[r.length - 1]).count();
    return (double) correct / rows.size();
  }

  /** Mean log-loss over the rows, without training. */
  double logLoss(List<double[]> rows) {
    double loss = 0;
    for (double[] row : rows) {
      double p = predict(row);
      double y = row[row.length - 1];
      loss += -(y * Math.log(p + 1e-12) + (1 - y) * Math.log(1 - p + 1e-12));
    }
    return loss / rows.size();
  }

  static LogisticRegression load(Path file, int features) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file));
    LogisticRegression model = new LogisticRegression(features);
    model.bias = buffer.getDouble();
    for (int f = 0; f < features; f++) {
      model.weights[f] = buffer.getDouble();
      model.mean[f] = buffer.getDouble();
      model.scale[f] = buffer.getDouble();
    }
    return model;
  }

  private LogisticRegression(int features) {
    weights = new double[features];
    mean = new double[features];
    scale = new double[features];
  }

  Path save(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    ByteBuffer buffer = ByteBuffer.allocate(8 * (1 + 3 * weights.length));
    buffer.putDouble(bias);
    for (int f = 0; f < weights.length; f++) {
      buffer.putDouble(weights[f]).putDouble(mean[f]).putDouble(scale[f]);
    }
    return Files.write(file, buffer.array());
  }
}
