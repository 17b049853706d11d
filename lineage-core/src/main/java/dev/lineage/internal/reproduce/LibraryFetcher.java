package dev.lineage.internal.reproduce;

import dev.lineage.Artifact;
import dev.lineage.Digest;
import dev.lineage.NotFoundException;
import dev.lineage.internal.hash.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A released library, fetched by its coordinates from the local Maven repositories, then the remote ones, and kept
 * only if its SHA-256 is the one the run recorded: a repository that serves other bytes under the same coordinates is
 * passed over, never trusted.
 */
final class LibraryFetcher {
  private final List<Path> localRepositories;
  private final List<URI> remoteRepositories;
  private HttpClient http;

  LibraryFetcher(List<Path> localRepositories, List<URI> remoteRepositories) {
    this.localRepositories = List.copyOf(localRepositories);
    this.remoteRepositories = List.copyOf(remoteRepositories);
  }

  /** Writes the library {@code content} names to {@code target}, from the first place that holds those bytes. */
  void fetch(String coordinates, Artifact content, Path target) throws IOException {
    String relative = layoutPath(coordinates);
    List<String> tried = new ArrayList<>();
    for (Path root : localRepositories) {
      Path candidate = root.resolve(relative);
      tried.add(candidate.toString());
      if (matches(candidate, content.digest())) {
        Files.copy(candidate, target, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
    }
    for (URI repository : remoteRepositories) {
      URI uri = URI.create(repository.toString().replaceAll("/*$", "/")).resolve(relative);
      tried.add(uri.toString());
      Path partial = target.resolveSibling(target.getFileName() + ".part");
      if (download(uri, partial) && matches(partial, content.digest())) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        return;
      }
      Files.deleteIfExists(partial);
    }
    throw new NotFoundException("the library " + coordinates + " (" + content.digest() + ") is not stored, and no"
        + " repository holds those bytes: tried " + String.join(", ", tried));
  }

  /** {@code group/as/path/artifact/version/artifact-version[-classifier].jar}. */
  static String layoutPath(String coordinates) {
    String[] c = coordinates.split(":");
    if (c.length < 3 || c.length > 4) {
      throw new NotFoundException("not Maven coordinates: " + coordinates);
    }
    return c[0].replace('.', '/') + "/" + c[1] + "/" + c[2] + "/" + c[1] + "-" + c[2]
        + (c.length == 4 ? "-" + c[3] : "") + ".jar";
  }

  private boolean download(URI uri, Path to) throws IOException {
    if ("file".equals(uri.getScheme())) {
      Path source = Path.of(uri);
      if (!Files.isRegularFile(source)) {
        return false;
      }
      Files.copy(source, to, StandardCopyOption.REPLACE_EXISTING);
      return true;
    }
    try {
      HttpResponse<InputStream> response = client().send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          return false;
        }
        Files.copy(body, to, StandardCopyOption.REPLACE_EXISTING);
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching " + uri, e);
    } catch (IOException e) {
      return false; // unreachable or cut off: the next repository is tried, and the error names every one
    }
  }

  private synchronized HttpClient client() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20))
          .followRedirects(HttpClient.Redirect.NORMAL).build();
    }
    return http;
  }

  static boolean matches(Path file, Digest digest) throws IOException {
    return Files.isRegularFile(file) && Sha256.of(file).equals(digest);
  }
}
