package dev.lineage.storage.s3;

import dev.lineage.Digest;
import dev.lineage.InvalidInputException;
import dev.lineage.StorageException;
import dev.lineage.UnknownOutcomeException;
import dev.lineage.internal.s3.WriteIds;
import dev.lineage.internal.s3.Attempts;
import dev.lineage.internal.s3.CredentialChain;
import dev.lineage.internal.s3.SigV4Signer;
import dev.lineage.spi.ContentPut;
import dev.lineage.spi.ListPage;
import dev.lineage.spi.ObjectInfo;
import dev.lineage.spi.Payload;
import dev.lineage.spi.PutResult;
import dev.lineage.spi.RetryBudget;
import dev.lineage.spi.StorageBackend;
import dev.lineage.spi.StorageKeys;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.w3c.dom.Element;

/**
 * A store in an S3 bucket (or any S3-compatible service), over OkHttp with our own SigV4 signing.
 *
 * <p>Put-if-absent is {@code PUT} with {@code If-None-Match: *}: 412 means the object exists, 409 is retried.
 * A put whose response is lost is resolved by reading the object's write id back, never guessed; if that cannot
 * decide, {@link UnknownOutcomeException}. Requests that are safe to repeat are retried on 500, 502, 503, 504,
 * SlowDown and connection failures, with exponential backoff and full jitter, within a bounded number of
 * attempts and total time.
 *
 * @since 0.1.0
 */
public final class S3Backend implements StorageBackend {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String WRITE_ID = "x-amz-meta-lineage-write-id";

  final OkHttpClient http;
  private final boolean ownsClient;
  private final HttpUrl endpoint;
  private final String bucket;
  private final String prefix;
  private final boolean pathStyle;
  private final Credentials credentials;
  private final SigV4Signer signer;
  private final int maxAttempts;
  private final Duration maxRetryTime;
  private final String region;
  private final boolean customEndpoint;
  private final java.util.concurrent.atomic.AtomicBoolean unreachableSaid = new java.util.concurrent.atomic.AtomicBoolean();

  private S3Backend(Builder b, String region, Credentials credentials) {
    Duration timeout = b.timeout != null ? b.timeout : Duration.ofSeconds(60);
    this.ownsClient = b.client == null;
    OkHttpClient.Builder own = new OkHttpClient.Builder()
        .retryOnConnectionFailure(false) // our retry policy is the only one, so attempts are bounded and counted
        .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (b.tls != null) {
      own.sslSocketFactory(b.tls.getSocketFactory(), b.trust);
    }
    this.http = b.client != null ? b.client : own.build();
    this.customEndpoint = b.endpoint != null;
    this.endpoint = HttpUrl.get(customEndpoint ? b.endpoint.toString() : "https://s3." + region + ".amazonaws.com");
    this.bucket = b.bucket;
    this.prefix = b.prefix != null ? b.prefix : "";
    this.pathStyle = b.pathStyle != null ? b.pathStyle : customEndpoint;
    this.credentials = credentials;
    this.signer = new SigV4Signer(credentials.accessKeyId(), credentials.secretAccessKey(), region, "s3");
    this.maxAttempts = b.maxAttempts != null ? b.maxAttempts : 6;
    this.maxRetryTime = b.maxRetryTime != null ? b.maxRetryTime : Duration.ofSeconds(60);
    this.region = region;
  }

  /** A builder; the bucket is required, every other option has a default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options, each set once and checked when set: a second set is refused naming the first value, and
   * {@link #build()} resolves the defaults without changing the builder.
   */
  public static final class Builder {
    private String bucket;
    private String prefix;
    private URI endpoint;
    private Boolean pathStyle;
    private String region;
    private Credentials credentials;
    private Duration timeout;
    private Integer maxAttempts;
    private Duration maxRetryTime;
    private OkHttpClient client;
    private javax.net.ssl.SSLContext tls;
    private javax.net.ssl.X509TrustManager trust;

    private Builder() {}

    /** Refuses a second set of an option, naming the value the first set it to (as Caffeine's builder does). */
    private static void requireUnset(Object earlier, String field) {
      if (earlier != null) {
        throw new InvalidInputException(field, "was already set to " + earlier + " (each option may be set once)");
      }
    }

    /** The bucket the store lives in; required. */
    public Builder bucket(String name) {
      if (name == null || !name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
        throw new InvalidInputException("bucket", "must be an S3 bucket name (3-63 of [a-z0-9.-]), was " + name);
      }
      requireUnset(bucket, "bucket");
      this.bucket = name;
      return this;
    }

    /**
     * The bucket, the prefix and, where its query names them, the endpoint, region and addressing style of a store
     * URI as {@link S3Backend#uri()} writes it: {@code s3://bucket/prefix?endpoint=…&region=…&pathStyle=true}. What
     * the URI leaves out keeps its default, or may be set after.
     *
     * @throws InvalidInputException if it is not an {@code s3://} URI with a bucket, or a value breaks its rule
     */
    @dev.lineage.Experimental
    public Builder uri(URI store) {
      if (store == null || !"s3".equals(store.getScheme()) || store.getRawAuthority() == null) {
        throw new InvalidInputException("store", "an S3 store is s3://bucket/prefix, was " + store);
      }
      if (store.getRawUserInfo() != null) {
        // Not echoed: the URI holds a secret.
        throw new InvalidInputException("store", "credentials never belong in a store URI (it is recorded in every "
            + "run handle); give them to credentials(...) or the AWS environment");
      }
      if (store.getPort() >= 0) {
        throw new InvalidInputException("store", "an S3 store URI names a bucket, not a host and port: the endpoint "
            + "goes in ?endpoint=, was " + store);
      }
      // java.net.URI reads no host from a name S3 refuses (Bad_Bucket): the bucket rule says why.
      bucket(store.getHost() != null ? store.getHost() : store.getRawAuthority());
      prefix(store.getPath() == null ? "" : store.getPath());
      Map<String, String> query = query(store.getRawQuery());
      if (query.containsKey("endpoint")) {
        endpoint(URI.create(query.get("endpoint")));
      }
      if (query.containsKey("region")) {
        region(query.get("region"));
      }
      if (query.containsKey("pathStyle")) {
        pathStyle(Boolean.parseBoolean(query.get("pathStyle")));
      }
      return this;
    }

    private static Map<String, String> query(String raw) {
      Map<String, String> m = new java.util.HashMap<>();
      if (raw == null || raw.isEmpty()) {
        return m;
      }
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        m.put(k, v);
      }
      return m;
    }

    /** A key prefix inside the bucket, such as {@code ml/lineage}; empty for the bucket's root. */
    public Builder prefix(String keyPrefix) {
      if (keyPrefix == null) {
        throw new InvalidInputException("prefix", "must not be null");
      }
      String p = keyPrefix.replaceAll("^/+|/+$", "");
      String checked = p.isEmpty() ? "" : StorageKeys.check(p) + "/";
      requireUnset(prefix == null ? null : "'" + prefix + "'", "prefix");
      this.prefix = checked;
      return this;
    }

    /** For S3-compatible services; default {@code https://s3.{region}.amazonaws.com}. */
    public Builder endpoint(URI uri) {
      if (uri == null || uri.getScheme() == null || !uri.getScheme().matches("https?")) {
        throw new InvalidInputException("endpoint", "must be an http or https URI, was " + uri);
      }
      requireUnset(endpoint, "endpoint");
      this.endpoint = uri;
      return this;
    }

    /** Bucket in the path ({@code endpoint/bucket/key}) instead of the host name; default for custom endpoints. */
    public Builder pathStyle(boolean enabled) {
      requireUnset(pathStyle, "pathStyle");
      this.pathStyle = enabled;
      return this;
    }

    /**
     * The bucket's region, such as {@code eu-west-1}, which requests are signed for; default: the environment's (as
     * the AWS tools find it), else {@code us-east-1}.
     */
    public Builder region(String name) {
      if (name == null || !name.matches("[a-z0-9-]{2,40}")) {
        throw new InvalidInputException("region", "must be a region name such as us-east-1, was " + name);
      }
      requireUnset(region, "region");
      this.region = name;
      return this;
    }

    /** The credentials to sign with; default: the environment's, as the AWS tools find them (docs/s3.md). */
    public Builder credentials(Credentials value) {
      if (value == null) {
        throw new InvalidInputException("credentials", "must not be null");
      }
      requireUnset(credentials, "credentials"); // their toString shows no secret
      this.credentials = value;
      return this;
    }

    /** Per-call timeout; default 60 s. */
    public Builder timeout(Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new InvalidInputException("timeout", "must be positive, was " + value);
      }
      requireUnset(timeout, "timeout");
      this.timeout = value;
      return this;
    }

    /** Attempts per request, the first included; default 6. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1 || attempts > 50) {
        throw new InvalidInputException("maxAttempts", "must be between 1 and 50, was " + attempts);
      }
      requireUnset(maxAttempts, "maxAttempts");
      this.maxAttempts = attempts;
      return this;
    }

    /** Total time a request may spend retrying; default 60 s. */
    public Builder maxRetryTime(Duration value) {
      if (value == null || value.isNegative()) {
        throw new InvalidInputException("maxRetryTime", "must not be negative, was " + value);
      }
      requireUnset(maxRetryTime, "maxRetryTime");
      this.maxRetryTime = value;
      return this;
    }

    /**
     * For an endpoint whose certificate the JVM's trust store does not vouch for (a server with a private CA, such as
     * a MinIO on premises): HTTPS connections use {@code context}'s sockets, and trust what {@code trust} trusts.
     * Default: the JVM's own.
     */
    public Builder tls(javax.net.ssl.SSLContext context, javax.net.ssl.X509TrustManager trust) {
      if (context == null || trust == null) {
        throw new InvalidInputException("tls", "the SSL context and the trust manager must both be given");
      }
      requireUnset(this.tls, "tls");
      this.tls = context;
      this.trust = trust;
      return this;
    }

    /**
     * The HTTP client to use (its own timeouts then apply); the backend does not close it. Not public: OkHttp is
     * how the backend speaks HTTP, not part of its API (docs/compatibility.md). The tests use it for a client that
     * trusts their server's certificate or never retries a connection behind OkHttp's back.
     */
    Builder client(OkHttpClient value) {
      if (value == null) {
        throw new InvalidInputException("client", "must not be null");
      }
      requireUnset(client, "client");
      this.client = value;
      return this;
    }

    /** The backend, with every option checked. */
    public S3Backend build() {
      if (bucket == null) {
        throw new InvalidInputException("bucket", "must be set");
      }
      CredentialChain chain = new CredentialChain(System.getenv(), Path.of(System.getProperty("user.home")));
      return new S3Backend(this, region != null ? region : chain.region().orElse("us-east-1"),
          credentials != null ? credentials : chain.credentials());
    }
  }

  /**
   * {@code s3://bucket/prefix}, with the endpoint, region and addressing style as query parameters when they are
   * not AWS's defaults, so that the URI alone reopens this store in another JVM (a Spark executor, say): a
   * {@link dev.lineage.RunHandle} carries it. Credentials never appear in it.
   */
  @Override
  public URI uri() {
    StringBuilder uri = new StringBuilder("s3://").append(bucket).append('/').append(prefix);
    java.util.List<String> query = new ArrayList<>();
    if (customEndpoint) {
      query.add("endpoint=" + java.net.URLEncoder.encode(endpoint.toString().replaceAll("/$", ""),
          java.nio.charset.StandardCharsets.UTF_8));
    }
    query.add("region=" + region);
    if (pathStyle != customEndpoint) { // each default: path style on another endpoint, virtual hosts on AWS
      query.add("pathStyle=" + pathStyle);
    }
    return URI.create(uri.append('?').append(String.join("&", query)).toString());
  }

  /** The path of an object, as sent and signed: each segment encoded once. */
  String path(String objectKey) {
    String bucketPart = pathStyle ? "/" + bucket : "";
    return bucketPart + "/" + objectKey;
  }

  private String host() {
    String h = pathStyle ? endpoint.host() : bucket + "." + endpoint.host();
    boolean defaultPort = endpoint.port() == HttpUrl.defaultPort(endpoint.scheme());
    return defaultPort ? h : h + ":" + endpoint.port();
  }

  Request.Builder signed(String method, String rawPath, Map<String, List<String>> query,
      Map<String, String> extraHeaders, String payloadHash) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", host());
    headers.put("x-amz-date", AMZ_DATE.format(Instant.now()));
    headers.put("x-amz-content-sha256", payloadHash);
    credentials.sessionToken().ifPresent(t -> headers.put("x-amz-security-token", t));
    headers.putAll(extraHeaders);
    SigV4Signer.Signature signature = signer.sign(method, rawPath, query, headers, payloadHash);
    HttpUrl.Builder url = new HttpUrl.Builder().scheme(endpoint.scheme()).host(pathStyle ? endpoint.host()
        : bucket + "." + endpoint.host()).port(endpoint.port()).encodedPath(SigV4Signer.encodePath(rawPath)); // exactly the path that was signed
    new TreeMap<>(query).forEach((k, values) -> {
      for (String v : values.isEmpty() ? List.of("") : values) {
        url.addQueryParameter(k, v);
      }
    });
    Request.Builder request = new Request.Builder().url(url.build());
    headers.forEach((k, v) -> {
      if (!k.equals("host")) {
        request.header(k, v);
      }
    });
    return request.header("Authorization", signature.authorization());
  }

  /** Runs a request that is safe to repeat, retrying transient failures with backoff. */
  Response idempotent(String what, java.util.function.Supplier<Request> request) {
    Attempts tries = attempts();
    while (true) {
      tries.starting();
      try {
        Response r = http.newCall(request.get()).execute();
        if (!retryable(r) || !tries.failedMayRetry()) {
          return r;
        }
        r.close();
      } catch (IOException e) {
        if (!tries.failedMayRetry()) {
          throw new StorageException(what + " failed after " + tries.made() + ": " + e.getMessage(), e);
        }
        retrying(what, e);
      }
      tries.backoff();
    }
  }

  /** The attempts one request may make: this backend's limits, within the operation's {@link RetryBudget}. */
  private Attempts attempts() {
    return new Attempts(maxAttempts, maxRetryTime);
  }

  /**
   * Says once, at WARNING, that the endpoint did not answer and requests are being retried: without it a dead
   * endpoint is tens of seconds of silence before the error (the command line prints it on stderr).
   */
  private void retrying(String what, IOException e) {
    if (unreachableSaid.compareAndSet(false, true)) {
      System.getLogger(S3Backend.class.getName()).log(System.Logger.Level.WARNING, "s3://" + bucket + " at "
          + endpoint + " did not answer " + what + " (" + e + "); retrying, up to " + maxAttempts
          + " attempts in " + maxRetryTime.toSeconds() + " s per request");
    }
  }

  private static boolean retryable(Response r) {
    int s = r.code();
    return s == 500 || s == 502 || s == 503 || s == 504 || s == 429;
  }

  S3StorageException error(String what, Response r) throws IOException {
    byte[] body = r.body() == null ? new byte[0] : r.body().bytes();
    String[] codeAndId = dev.lineage.internal.s3.S3XmlAccess.error(body);
    String requestId = codeAndId[1] != null ? codeAndId[1] : r.header("x-amz-request-id");
    return new S3StorageException(what, r.code(), codeAndId[0], requestId);
  }

  @Override
  public Optional<InputStream> get(String key) {
    String objectKey = prefix + StorageKeys.check(key);
    Response r = idempotent("GET " + key, () -> signed("GET", path(objectKey), Map.of(), Map.of(),
        SigV4Signer.EMPTY_SHA256).get().build());
    try {
      if (r.code() == 404) {
        r.close();
        return Optional.empty();
      }
      if (r.code() != 200) {
        try (r) {
          throw error("GET " + key, r);
        }
      }
      InputStream body = r.body().byteStream();
      return Optional.of(new FilterInputStream(body) {
        @Override
        public void close() throws IOException {
          try {
            super.close();
          } finally {
            r.close();
          }
        }
      });
    } catch (IOException e) {
      r.close();
      throw new StorageException("GET " + key + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<ObjectInfo> stat(String key) {
    return head(prefix + StorageKeys.check(key)).map(r -> new ObjectInfo(key, r.length, r.lastModified));
  }

  /** An S3 time stamp: ISO-8601 in listings, RFC 1123 in headers; empty if absent or unreadable. */
  private static Optional<Instant> parseInstant(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (java.time.format.DateTimeParseException notIso) {
      try {
        return Optional.of(java.time.ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      } catch (java.time.format.DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  record Head(long length, String writeId, Optional<Instant> lastModified) {
    /**
     * What a put-if-absent that carried {@code ours} got, this object being under its key once its answer was lost:
     * CREATED if the object carries that write id, else ALREADY_EXISTS (another writer's put landed first).
     */
    PutResult outcomeFor(String ours) {
      return ours.equals(writeId) ? PutResult.CREATED : PutResult.ALREADY_EXISTS;
    }
  }

  /** The metadata header that carries a put's write id. */
  static String writeIdHeader() {
    return WRITE_ID;
  }

  Optional<Head> head(String objectKey) {
    try (Response r = idempotent("HEAD " + objectKey, () -> signed("HEAD", path(objectKey), Map.of(), Map.of(),
        SigV4Signer.EMPTY_SHA256).head().build())) {
      if (r.code() == 404) {
        return Optional.empty();
      }
      if (r.code() != 200) {
        throw error("HEAD " + objectKey, r);
      }
      return Optional.of(new Head(Long.parseLong(r.header("Content-Length", "0")), r.header(WRITE_ID),
          parseInstant(r.header("Last-Modified"))));
    } catch (IOException e) {
      throw new StorageException("HEAD " + objectKey + " failed: " + e.getMessage(), e);
    }
  }

  /** Payloads above this go up in parts; below, one signed PUT. */
  static final long MULTIPART_THRESHOLD = 32L << 20;
  /** Part size (S3's minimum is 5 MiB); memory is bounded by PARTS_IN_FLIGHT of these. */
  static final int PART_BYTES = 8 << 20;
  static final int PARTS_IN_FLIGHT = 3;

  @Override
  public PutResult putIfAbsent(String key, Payload payload) {
    String objectKey = prefix + StorageKeys.check(key);
    if (payload.length() > MULTIPART_THRESHOLD) {
      return new MultipartUpload(this, key, objectKey, payload).run();
    }
    String hash = unsignedPayloads() ? SigV4Signer.UNSIGNED_PAYLOAD : sha256(payload, key);
    String writeId = WriteIds.next();
    Attempts tries = attempts();
    while (true) {
      tries.starting();
      PayloadBody body = new PayloadBody(payload);
      Request request = signed("PUT", path(objectKey), Map.of(), Map.of("if-none-match", "*", WRITE_ID, writeId),
          hash).put(body).build();
      try (Response r = http.newCall(request).execute()) {
        if (r.code() == 200) {
          return PutResult.CREATED;
        }
        if (r.code() == 412) {
          return PutResult.ALREADY_EXISTS;
        }
        if (!(r.code() == 409 || retryable(r)) || !tries.failedMayRetry()) {
          throw error("PUT " + key, r);
        }
      } catch (IOException e) {
        if (body.failure != null) {
          throw new StorageException("cannot read the content of " + key + ": " + body.failure.getMessage(),
              body.failure);
        }
        if (neverSent(e)) { // nothing to resolve
          if (!tries.failedMayRetry()) {
            throw new StorageException("PUT " + key + " could not connect after " + tries.made() + ": "
                + e.getMessage(), e);
          }
          retrying("PUT " + key, e);
          tries.backoff();
          continue;
        }
        // The request may have landed: read the object back and compare write ids before anything else.
        Optional<Head> landed;
        try {
          landed = head(objectKey);
        } catch (StorageException unresolved) {
          throw new UnknownOutcomeException("PUT " + key + " lost its response (" + e.getMessage()
              + ") and the object could not be read back to decide", unresolved);
        }
        if (landed.isPresent()) {
          return landed.get().outcomeFor(writeId);
        }
        if (!tries.failedMayRetry()) {
          throw new StorageException("PUT " + key + " failed after " + tries.made() + ": " + e.getMessage(),
              e);
        }
      }
      tries.backoff();
    }
  }

  /**
   * A failure before any byte of the request left: no connection, no address, or a TLS handshake the server's
   * certificate failed (an untrusted private CA). Such a put did not land, and reading back to decide would fail
   * the same way and read as an unknown outcome.
   */
  static boolean neverSent(IOException e) {
    return e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException
        || e instanceof javax.net.ssl.SSLHandshakeException;
  }

  /** Large content is staged, hashed as it goes up (read once); small content is hashed first, then put. */
  @Override
  public Optional<ContentPut> putContent(Payload payload, Function<Digest, String> keyOf) {
    if (payload.length() <= MULTIPART_THRESHOLD) {
      return Optional.empty(); // reading a small payload twice is cheap, and content already stored is not sent
    }
    return Optional.of(new StagedPut(this, prefix).run(payload, keyOf));
  }

  /**
   * Over HTTPS, payloads are signed as {@code UNSIGNED-PAYLOAD}: TLS protects them in transit, and the payload
   * is then read once, not hashed first. Over plain HTTP each payload's SHA-256 is signed.
   */
  boolean unsignedPayloads() {
    return endpoint.isHttps();
  }

  /** The {@code x-amz-copy-source} of an object of this bucket. */
  String copySource(String objectKey) {
    return SigV4Signer.encodePath("/" + bucket + "/" + objectKey);
  }

  private static String sha256(Payload payload, String key) {
    try (InputStream in = payload.open()) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new StorageException("cannot read the content of " + key + ": " + e.getMessage(), e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Streams a payload; remembers a failure to read it, which is not a lost response. */
  private static final class PayloadBody extends RequestBody {
    private final Payload payload;
    volatile IOException failure;

    PayloadBody(Payload payload) {
      this.payload = payload;
    }

    @Override
    public MediaType contentType() {
      return null;
    }

    @Override
    public long contentLength() {
      return payload.length();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = openPayload()) {
        while (true) {
          int n;
          try {
            n = in.read(buffer);
          } catch (IOException e) {
            failure = e;
            throw e;
          }
          if (n < 0) {
            return;
          }
          sink.write(buffer, 0, n);
        }
      }
    }

    private InputStream openPayload() throws IOException {
      try {
        return payload.open();
      } catch (IOException e) {
        failure = e;
        throw e;
      }
    }
  }

  @Override
  public ListPage list(String listPrefix, String startAfter, int maxKeys) {
    StorageKeys.checkPrefix(listPrefix);
    if (maxKeys < 1) {
      throw new InvalidInputException("maxKeys", "must be >= 1, was " + maxKeys);
    }
    Map<String, List<String>> query = new TreeMap<>();
    query.put("list-type", List.of("2"));
    query.put("prefix", List.of(prefix + listPrefix));
    query.put("max-keys", List.of(Integer.toString(Math.min(maxKeys, 1000))));
    if (startAfter != null) {
      query.put("start-after", List.of(prefix + startAfter));
    }
    String bucketPath = pathStyle ? "/" + bucket : "/";
    try (Response r = idempotent("LIST " + listPrefix, () -> signed("GET", bucketPath, query, Map.of(),
        SigV4Signer.EMPTY_SHA256).get().build())) {
      if (r.code() != 200) {
        throw error("LIST " + listPrefix, r);
      }
      Element root = dev.lineage.internal.s3.S3XmlAccess.parse(r.body().bytes()).getDocumentElement();
      List<ObjectInfo> objects = new ArrayList<>();
      for (Element c : dev.lineage.internal.s3.S3XmlAccess.children(root, "Contents")) {
        String fullKey = dev.lineage.internal.s3.S3XmlAccess.text(c, "Key");
        String modified = dev.lineage.internal.s3.S3XmlAccess.text(c, "LastModified");
        objects.add(new ObjectInfo(fullKey.substring(prefix.length()),
            Long.parseLong(dev.lineage.internal.s3.S3XmlAccess.text(c, "Size")), parseInstant(modified)));
      }
      boolean truncated = "true".equals(dev.lineage.internal.s3.S3XmlAccess.text(root, "IsTruncated"));
      return new ListPage(objects, truncated && !objects.isEmpty()
          ? Optional.of(objects.get(objects.size() - 1).key()) : Optional.empty());
    } catch (IOException e) {
      throw new StorageException("LIST " + listPrefix + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean delete(String key) {
    String objectKey = prefix + StorageKeys.check(key);
    if (head(objectKey).isEmpty()) {
      return false;
    }
    deleteObject(objectKey);
    return true;
  }

  /** Deletes an object by its full key; a missing one is not an error. */
  void deleteObject(String objectKey) {
    try (Response r = idempotent("DELETE " + objectKey, () -> signed("DELETE", path(objectKey), Map.of(), Map.of(),
        SigV4Signer.EMPTY_SHA256).delete().build())) {
      if (r.code() != 204 && r.code() != 200 && r.code() != 404) {
        throw error("DELETE " + objectKey, r);
      }
    } catch (IOException e) {
      throw new StorageException("DELETE " + objectKey + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (ownsClient) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "S3Backend[" + uri() + " at " + endpoint + ", " + credentials + "]";
  }
}
