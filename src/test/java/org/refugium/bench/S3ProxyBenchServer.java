package org.refugium.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.refugium.photos.S3ProxyServer;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * For scripts/bench-photos-serve (a benchmark, not a test): the tests' S3Proxy (a real S3-compatible server, child
 * process, filesystem backend) standing in for a university's MinIO or Ceph, with the full JIT and a bucket. Writes
 * its endpoint to {@code DIR/endpoint} once it answers and runs until the script stops it (SIGTERM ends S3Proxy too).
 * Credentials: {@link S3ProxyServer#ACCESS_KEY} / {@link S3ProxyServer#SECRET_KEY}.
 *
 * <p>{@code java ... S3ProxyBenchServer DIR BUCKET}
 */
public final class S3ProxyBenchServer {

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    S3ProxyServer s3 = S3ProxyServer.start(dir, List.of("-Xmx1g"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        s3.close();
      } catch (Exception e) {
        System.err.println("s3proxy: " + e);
      }
      stopped.countDown();
    }, "s3proxy-stop"));
    try {
      s3.createBucket(args[1], false);
    } catch (S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
      // 409: the bucket is there from an earlier run, photos included
    }
    Path endpoint = dir.resolve("endpoint");
    Files.writeString(dir.resolve("endpoint.tmp"), s3.endpoint().toString());
    Files.move(dir.resolve("endpoint.tmp"), endpoint, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.err.println("s3proxy: " + s3.endpoint() + ", bucket " + args[1]);
    stopped.await();
  }
}
