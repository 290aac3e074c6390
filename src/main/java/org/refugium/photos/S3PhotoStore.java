package org.refugium.photos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A photo store in an S3-compatible bucket (MinIO, Ceph RGW, AWS): key {@code {prefix}/photos/{id}/{size}.{ext}},
 * the open-data bucket's own layout under a prefix (object stores need no sharding: keys are not directories).
 *
 * <p>Settings that make it work beyond AWS: an endpoint override, path-style addressing ({@code
 * http://host/bucket/key}, no bucket DNS names), and checksums only when an operation requires them — Ceph RGW
 * and older MinIO refuse the SDK's default trailing CRC32 checksums (aws-chunked uploads). Integrity on put comes
 * from Content-MD5 instead, which every S3 implementation checks. Credentials come the standard AWS ways
 * ({@link DefaultCredentialsProvider}: environment, system properties, profile files, container/instance roles),
 * or none at all for reading a public bucket.
 *
 * <p>Every SDK failure (unreachable endpoint, time-out, 5xx, access denied) is rethrown as an {@link IOException}
 * with a short reason and no credentials, as the {@link PhotoStore} contract asks.
 */
public final class S3PhotoStore implements PhotoStore {

  /** How a store connects. {@code endpoint} null: AWS itself, by region. */
  public record Settings(String bucket, String prefix, URI endpoint, String region, boolean anonymous,
      Duration timeout, int maxConnections) {

    public Settings {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("an S3 photo store needs a bucket: s3://bucket[/prefix]");
      }
      prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
      region = region == null || region.isBlank() ? "us-east-1" : region;
      timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
      maxConnections = maxConnections <= 0 ? 64 : maxConnections;
    }

    /** Parses {@code s3://bucket[/prefix]}. */
    public static Settings parse(String spec, URI endpoint, String region, boolean anonymous) {
      if (!spec.startsWith("s3://")) {
        throw new IllegalArgumentException("not an s3:// store: " + spec);
      }
      String rest = spec.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      return new Settings(bucket, prefix, endpoint, region, anonymous, null, 0);
    }
  }

  private final Settings settings;
  private final S3Client s3;

  public S3PhotoStore(Settings settings) {
    this.settings = settings;
    AwsCredentialsProvider credentials = settings.anonymous()
        ? AnonymousCredentialsProvider.create() : DefaultCredentialsProvider.builder().build();
    var builder = S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder()
            .maxConnections(settings.maxConnections())
            .connectionTimeout(Duration.ofSeconds(5))
            .socketTimeout(settings.timeout()))
        .overrideConfiguration(c -> c.apiCallTimeout(settings.timeout().multipliedBy(4)))
        .region(Region.of(settings.region()))
        .credentialsProvider(credentials)
        .forcePathStyle(true)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint());
    }
    this.s3 = builder.build();
  }

  /** The object key of a photo in this store. */
  public String objectKey(PhotoKey key) {
    return settings.prefix().isEmpty() ? key.bucketKey() : settings.prefix() + "/" + key.bucketKey();
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public Optional<Stat> stat(PhotoKey key) throws IOException {
    try {
      HeadObjectResponse head = s3.headObject(r -> r.bucket(settings.bucket()).key(objectKey(key)));
      return Optional.of(new Stat(head.contentLength(), unquote(head.eTag()),
          head.lastModified() == null ? 0 : head.lastModified().toEpochMilli()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty(); // HEAD has no body, so a missing key comes as a bare 404
      }
      throw failure("stat", key, e);
    } catch (SdkException e) {
      throw failure("stat", key, e);
    }
  }

  @Override
  public InputStream open(PhotoKey key, long offset, long length) throws IOException {
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(settings.bucket()).key(objectKey(key));
    if (offset > 0 || length >= 0) {
      get.range("bytes=" + Math.max(0, offset) + "-" + (length < 0 ? "" : Long.toString(Math.max(0, offset) + length - 1)));
    }
    try {
      return s3.getObject(get.build()); // streams from the connection; closing it releases the connection
    } catch (NoSuchKeyException e) {
      throw new java.nio.file.NoSuchFileException(key.bucketKey());
    } catch (SdkException e) {
      throw failure("read", key, e);
    }
  }

  @Override
  public void put(PhotoKey key, Path verifiedFile, String md5Hex) throws IOException {
    // Content-MD5 on every put, so the store refuses damaged bytes; callers without one (unpack, which checked
    // sha256, and fixtures) get it computed here rather than a put without integrity
    String md5 = md5Hex != null ? md5Hex : md5Of(verifiedFile);
    try {
      s3.putObject(r -> r.bucket(settings.bucket()).key(objectKey(key)).contentType(key.contentType())
          .contentMD5(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(md5))),
          RequestBody.fromFile(verifiedFile));
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  @Override
  public void delete(PhotoKey key) throws IOException {
    try {
      s3.deleteObject(r -> r.bucket(settings.bucket()).key(objectKey(key)));
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public String describe() {
    return "s3://" + settings.bucket() + (settings.prefix().isEmpty() ? "" : "/" + settings.prefix());
  }

  @Override
  public void close() {
    s3.close();
  }

  private IOException failure(String what, PhotoKey key, SdkException e) {
    String reason = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null
        ? "HTTP " + s3e.statusCode() + " " + s3e.awsErrorDetails().errorCode()
        : e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
    return new IOException(describe() + ": " + what + " " + key.bucketKey() + " failed: " + reason, e);
  }

  private static String md5Of(Path file) throws IOException {
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        md5.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md5.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is part of every JDK", e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2 ? etag.substring(1, etag.length() - 1) : etag;
  }
}
