package dev.lineage.storage.s3;

import dev.lineage.StorageException;
import dev.lineage.internal.s3.PartThreads;
import dev.lineage.internal.s3.S3XmlAccess;
import dev.lineage.internal.s3.SigV4Signer;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.RetryBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One large object as an S3 multipart upload, its parts either read from a payload (once, in parts of
 * {@link S3Backend#PART_BYTES}, at most {@link S3Backend#PARTS_IN_FLIGHT} in memory and in flight) or copied
 * server-side from another object. A put's completion carries {@code If-None-Match: *}, so a racing writer that
 * completed first wins (412) exactly as with a single put. Any failure aborts the upload, so no part lingers.
 */
final class MultipartUpload {
  private final S3Backend s3;
  private final String key;
  private final String objectKey;
  private final Payload payload;
  /** Set on the object when the upload is created, so that a completion answered ambiguously can be resolved. */
  private final String writeId = dev.lineage.internal.s3.WriteIds.next();

  /** The budget of the operation this upload is part of, carried to the part threads. */
  private final Optional<RetryBudget> budget;

  MultipartUpload(S3Backend s3, String key, String objectKey, Payload payload) {
    this.s3 = s3;
    this.key = key;
    this.objectKey = objectKey;
    this.payload = payload;
    this.budget = RetryBudget.current();
  }

  /** Put-if-absent of the payload. */
  PutResult run() {
    if (s3.head(objectKey).isPresent()) {
      return PutResult.ALREADY_EXISTS; // content-addressed: an existing object is this content
    }
    return inUpload(uploadId -> complete(uploadId, uploadParts(uploadId, null), true));
  }

  /**
   * Uploads the payload to a key no other writer uses (a staging key), unconditionally, handing each part to
   * {@code parts} in order as it is read (to hash and count what is staged).
   */
  void stage(Consumer<byte[]> parts) {
    inUpload(uploadId -> complete(uploadId, uploadParts(uploadId, parts), false));
  }

  /**
   * Put-if-absent of a copy of another object of {@code size} bytes, made server-side part by part (nothing
   * passes through this process).
   */
  PutResult copyOf(String sourceObjectKey, long size) {
    return inUpload(uploadId -> complete(uploadId, copyParts(uploadId, sourceObjectKey, size), true));
  }

  /** Starts an upload and runs {@code body} with its id; any failure aborts it. */
  private PutResult inUpload(java.util.function.Function<String, PutResult> body) {
    String uploadId = start();
    try {
      return body.apply(uploadId);
    } catch (RuntimeException e) {
      abort(uploadId, e);
      throw e;
    }
  }

  private <T> Callable<T> inBudget(Callable<T> part) {
    return budget.map(b -> b.wrap(part)).orElse(part);
  }

  private static ExecutorService partThreads(String name) {
    return Executors.newFixedThreadPool(S3Backend.PARTS_IN_FLIGHT, PartThreads.named(name));
  }

  /** Each part's ETag, in part order, once all are done; a part's failure is the whole operation's. */
  private List<String> etags(List<Future<String>> parts, String what) throws InterruptedException {
    List<String> etags = new ArrayList<>();
    try {
      for (Future<String> f : parts) {
        etags.add(f.get());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof StorageException ? (StorageException) cause
          : new StorageException(what + " of " + key + " failed: " + cause.getMessage(), cause);
    }
    return etags;
  }

  private String start() {
    try (Response r = s3.idempotent("create multipart upload of " + key, () -> s3.signed("POST", s3.path(objectKey),
        Map.of("uploads", List.of()), Map.of(S3Backend.writeIdHeader(), writeId), SigV4Signer.EMPTY_SHA256)
        .post(RequestBody.create(new byte[0], null)).build())) {
      if (r.code() != 200) {
        throw s3.error("create multipart upload of " + key, r);
      }
      String uploadId = S3XmlAccess.text(S3XmlAccess.parse(r.body().bytes()).getDocumentElement(), "UploadId");
      if (uploadId == null || uploadId.isEmpty()) {
        throw new StorageException("create multipart upload of " + key + " answered without an UploadId");
      }
      return uploadId;
    } catch (IOException e) {
      throw new StorageException("create multipart upload of " + key + " failed: " + e.getMessage(), e);
    }
  }

  private List<String> uploadParts(String uploadId, Consumer<byte[]> content) {
    ExecutorService pool = partThreads("lineage-s3-part");
    Semaphore buffers = new Semaphore(S3Backend.PARTS_IN_FLIGHT); // bounds memory: parts read but not yet sent
    List<Future<String>> parts = new ArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
    try (InputStream in = payload.open()) {
      for (int number = 1; !failed.get(); number++) { // once a part has failed, read and send no more
        buffers.acquire();
        byte[] part = in.readNBytes(S3Backend.PART_BYTES);
        if (part.length == 0) {
          buffers.release();
          break;
        }
        if (content != null) {
          content.accept(part);
        }
        int partNumber = number;
        parts.add(pool.submit(inBudget(() -> {
          try {
            return uploadPart(uploadId, partNumber, part);
          } catch (IOException | RuntimeException e) {
            failed.set(true);
            throw e;
          } finally {
            buffers.release();
          }
        })));
      }
      return etags(parts, "uploading a part");
    } catch (IOException e) {
      throw new StorageException("cannot read the content of " + key + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while uploading " + key, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private String uploadPart(String uploadId, int number, byte[] part) throws IOException {
    String hash = s3.unsignedPayloads() ? SigV4Signer.UNSIGNED_PAYLOAD : SigV4Signer.sha256Hex(part);
    Map<String, List<String>> query = new TreeMap<>();
    query.put("partNumber", List.of(Integer.toString(number)));
    query.put("uploadId", List.of(uploadId));
    try (Response r = s3.idempotent("upload part " + number + " of " + key, () -> s3.signed("PUT",
        s3.path(objectKey), query, Map.of(), hash).put(RequestBody.create(part, (MediaType) null)).build())) {
      if (r.code() != 200) {
        throw s3.error("upload part " + number + " of " + key, r);
      }
      return r.header("ETag");
    }
  }

  /** Copies in parts of {@link #COPY_PART_BYTES}, {@link S3Backend#PARTS_IN_FLIGHT} at a time. */
  private List<String> copyParts(String uploadId, String source, long size) {
    ExecutorService pool = partThreads("lineage-s3-copy");
    try {
      List<Future<String>> parts = new ArrayList<>();
      int number = 1;
      for (long from = 0; from < size; from += COPY_PART_BYTES, number++) {
        long first = from;
        long last = Math.min(size, from + COPY_PART_BYTES) - 1;
        int partNumber = number;
        parts.add(pool.submit(inBudget(() -> copyPart(uploadId, partNumber, source, first, last))));
      }
      return etags(parts, "copying a part");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while copying to " + key, e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Part size for server-side copies: S3 allows up to 5 GiB a part; these keep several in flight. */
  static final long COPY_PART_BYTES = 256L << 20;

  private String copyPart(String uploadId, int number, String source, long first, long last) throws IOException {
    Map<String, List<String>> query = new TreeMap<>();
    query.put("partNumber", List.of(Integer.toString(number)));
    query.put("uploadId", List.of(uploadId));
    Map<String, String> headers = new TreeMap<>();
    headers.put("x-amz-copy-source", s3.copySource(source));
    headers.put("x-amz-copy-source-range", "bytes=" + first + "-" + last);
    try (Response r = s3.idempotent("copy part " + number + " of " + key, () -> s3.signed("PUT",
        s3.path(objectKey), query, headers, SigV4Signer.EMPTY_SHA256)
        .put(RequestBody.create(new byte[0], null)).build())) {
      byte[] body = r.body().bytes();
      String[] error = S3XmlAccess.error(body);
      if (r.code() != 200 || error[0] != null) { // a copy may answer 200 with an error in its body
        throw new S3StorageException("copy part " + number + " of " + key, r.code(), error[0], error[1]);
      }
      return S3XmlAccess.text(S3XmlAccess.parse(body).getDocumentElement(), "ETag");
    }
  }

  private PutResult complete(String uploadId, List<String> etags, boolean ifNoneMatch) {
    StringBuilder xml = new StringBuilder("<CompleteMultipartUpload>");
    for (int i = 0; i < etags.size(); i++) {
      xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>").append(etags.get(i))
          .append("</ETag></Part>");
    }
    byte[] body = xml.append("</CompleteMultipartUpload>").toString().getBytes(StandardCharsets.UTF_8);
    String hash = SigV4Signer.sha256Hex(body);
    try (Response r = s3.idempotent("complete multipart upload of " + key, () -> s3.signed("POST",
        s3.path(objectKey), Map.of("uploadId", List.of(uploadId)),
        ifNoneMatch ? Map.of("if-none-match", "*") : Map.of(), hash)
        .post(RequestBody.create(body, MediaType.get("application/xml"))).build())) {
      if (r.code() == 412 || r.code() == 304) {
        // 412: another object holds the key. Some servers answer a conditional completion 304 instead, and some
        // do when the object is ours (a retried completion that landed): the write id tells which.
        abort(uploadId, null);
        return ifNoneMatch && r.code() == 304 ? resolveByWriteId() : PutResult.ALREADY_EXISTS;
      }
      byte[] response = r.body().bytes();
      String[] error = S3XmlAccess.error(response);
      if (r.code() == 404 && "NoSuchUpload".equals(error[0])) {
        return landedBefore(ifNoneMatch, error[1]);
      }
      // S3 may answer 200 and still report an error in the body of a completion.
      if (r.code() != 200 || error[0] != null) {
        throw new S3StorageException("complete multipart upload of " + key, r.code(), error[0], error[1]);
      }
      return PutResult.CREATED;
    } catch (IOException e) {
      throw new StorageException("complete multipart upload of " + key + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The upload is gone when its completion is retried after an answer that was lost (a dropped connection, a 5xx
   * sent after the object was written): the write id on the object says whether this upload is what landed. Another
   * writer's object can only hold a key this upload was putting if absent; under a staging key it is not ours to
   * count as done.
   */
  private PutResult landedBefore(boolean ifNoneMatch, String requestId) {
    return s3.head(objectKey).map(h -> h.outcomeFor(writeId))
        .filter(outcome -> ifNoneMatch || outcome == PutResult.CREATED)
        .orElseThrow(() -> new S3StorageException("complete multipart upload of " + key + " (the upload is gone and "
            + "no object of this upload is under the key)", 404, "NoSuchUpload", requestId));
  }

  /** CREATED if the object under the key carries this upload's write id, else ALREADY_EXISTS. */
  private PutResult resolveByWriteId() {
    return s3.head(objectKey).map(h -> h.outcomeFor(writeId)).orElse(PutResult.ALREADY_EXISTS);
  }

  private void abort(String uploadId, RuntimeException failure) {
    try (Response r = s3.idempotent("abort multipart upload of " + key, () -> s3.signed("DELETE",
        s3.path(objectKey), Map.of("uploadId", List.of(uploadId)), Map.of(), SigV4Signer.EMPTY_SHA256)
        .delete().build())) {
      if (r.code() != 204 && r.code() != 200 && r.code() != 404 && failure != null) {
        failure.addSuppressed(s3.error("abort multipart upload of " + key, r));
      }
    } catch (IOException | RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
    }
  }
}
