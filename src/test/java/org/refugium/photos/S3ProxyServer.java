package org.refugium.photos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;

/**
 * A real S3-compatible server for tests: S3Proxy (its jar-with-dependencies, copied to target/s3proxy by the
 * build) started as a child process with the filesystem backend on a free port. Signed requests need the
 * identity below; objects uploaded with the public-read ACL can be read anonymously, as from iNaturalist's open
 * bucket. Start one per test class at most: the JVM start costs about a second.
 */
public final class S3ProxyServer implements AutoCloseable {

  public static final String ACCESS_KEY = "refugium-test";
  public static final String SECRET_KEY = "refugium-test-secret";

  private final Process process;
  private final int port;
  private final Path log;
  private final S3Client admin;

  private S3ProxyServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.admin = S3Client.builder()
        .httpClientBuilder(ApacheHttpClient.builder())
        .endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** Starts S3Proxy with its files under {@code dir}; returns once it answers HTTP. */
  public static S3ProxyServer start(Path dir) throws Exception {
    // C1 only: tests want it up fast, not fast after a minute of warm-up
    return start(dir, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
  }

  /** @param jvmOptions S3Proxy's JVM flags (a benchmark wants the full JIT) */
  public static S3ProxyServer start(Path dir, List<String> jvmOptions) throws Exception {
    Path jar = Path.of(System.getProperty("refugium.s3proxy.jar", "target/s3proxy/s3proxy.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("S3Proxy is missing at " + jar.toAbsolutePath()
          + ": run the tests through Maven (mvn test copies org.gaul:s3proxy:jar-with-dependencies there)");
    }
    Path data = Files.createDirectories(dir.resolve("s3proxy-data"));
    int port = org.refugium.testing.FreePorts.pick(); // S3Proxy binds it later, in its own JVM (see FreePorts)
    Path properties = dir.resolve("s3proxy.properties");
    Files.writeString(properties, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + ACCESS_KEY,
        "s3proxy.credential=" + SECRET_KEY,
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + data,
        ""));
    Path log = dir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--properties", properties.toString()));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3ProxyServer server = new S3ProxyServer(p, port, log);
    server.awaitUp(Duration.ofSeconds(60));
    return server;
  }

  private void awaitUp(Duration limit) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        http.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        return; // any HTTP answer (403 to an unsigned request) means it serves
      } catch (IOException notYet) {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    close();
    throw new IllegalStateException("S3Proxy did not answer within " + limit + ": " + Files.readString(log));
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  /** A client signed with the test identity, for arranging buckets and objects. */
  public S3Client admin() {
    return admin;
  }

  public void createBucket(String bucket, boolean publicRead) {
    admin.createBucket(r -> {
      r.bucket(bucket);
      if (publicRead) {
        r.acl(software.amazon.awssdk.services.s3.model.BucketCannedACL.PUBLIC_READ);
      }
    });
  }

  /** Uploads an object anyone may read without signing (as in iNaturalist's open-data bucket). */
  public void putPublic(String bucket, String key, Path file) {
    admin.putObject(r -> r.bucket(bucket).key(key).acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromFile(file));
  }

  public void putPublic(String bucket, String key, byte[] bytes) {
    admin.putObject(r -> r.bucket(bucket).key(key).acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromBytes(bytes));
  }

  /** Makes {@link software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider} in this JVM find the test identity. */
  public static void useTestCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  @Override
  public void close() throws Exception {
    admin.close();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
