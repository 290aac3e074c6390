package org.refugium.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.FetchJournal;
import org.refugium.photos.HttpPhotoSource;
import org.refugium.photos.PhotoFetcher;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.S3ProxyServer;
import org.refugium.snapshot.SnapshotStore;

/**
 * The Java side of scripts/bench-photos (a benchmark, not a test): N generated `medium` JPEGs (500 px, 20-60 KB)
 * uploaded once to a local S3Proxy as a public bucket, then fetched by {@link PhotoFetcher} into a fresh
 * directory store at each concurrency. Prints photos/s, MB/s and this process's CPU ms per photo (S3Proxy runs in
 * its own process, so its CPU is not counted).
 *
 * <pre>  PhotoFetchBench WORK_DIR N CONCURRENCY...</pre>
 */
public final class PhotoFetchBench {

  public static void main(String[] args) throws Exception {
    Path work = Files.createDirectories(Path.of(args[0]));
    int n = Integer.parseInt(args[1]);
    List<Integer> levels = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      levels.add(Integer.parseInt(args[i]));
    }
    try (S3ProxyServer s3 = S3ProxyServer.start(work.resolve("s3"))) {
      long t0 = System.nanoTime();
      long bytes = upload(s3, n);
      System.out.printf("source: %d medium JPEGs, %.1f MB, average %.1f KB (uploaded in %.1f s)%n", n, bytes / 1e6,
          bytes / 1e3 / n, (System.nanoTime() - t0) / 1e9);
      List<PhotoKey> keys = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        keys.add(new PhotoKey(i, "medium", "jpg"));
      }
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      System.out.printf("%-12s %10s %10s %14s %10s%n", "concurrency", "photos/s", "MB/s", "CPU ms/photo", "wall s");
      boolean warm = false;
      for (int c : levels) {
        if (!warm) {
          run(s3, work.resolve("warmup"), keys.subList(0, Math.min(n, 500)), 8); // JIT warm-up, not reported
          warm = true;
        }
        Path store = work.resolve("store-c" + c);
        long cpu0 = os.getProcessCpuTime();
        long w0 = System.nanoTime();
        PhotoFetcher.Summary s = run(s3, store, keys, c);
        double wall = (System.nanoTime() - w0) / 1e9;
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6;
        if (s.fetched() != n) {
          throw new IllegalStateException("fetched " + s.fetched() + " of " + n + ": " + s.describe());
        }
        System.out.printf("%-12d %10.0f %10.2f %14.2f %10.1f%n", c, n / wall, s.bytes() / wall / 1e6, cpuMs / n, wall);
      }
      if (System.getenv("CLIENTS") != null) {
        compareClients(s3, n, 8, os);
      }
    }
  }

  /**
   * The download clients alone, same work (GET, read the body, MD5), 8 threads: the JDK HttpClient the fetcher
   * uses, and the AWS SDK's S3Client (anonymous, path style, Apache HTTP client). Each is run twice, the second
   * run reported.
   */
  private static void compareClients(S3ProxyServer s3, int n, int threads,
      com.sun.management.OperatingSystemMXBean os) throws Exception {
    java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    var sdk = software.amazon.awssdk.services.s3.S3Client.builder()
        .httpClientBuilder(software.amazon.awssdk.http.apache.ApacheHttpClient.builder().maxConnections(64))
        .endpointOverride(s3.endpoint()).region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create())
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
    System.out.printf("download clients alone, %d threads: GET + read + MD5%n", threads);
    for (String client : List.of("jdk", "sdk", "jdk", "sdk")) {
      long cpu0 = os.getProcessCpuTime();
      long w0 = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
      for (int i = 1; i <= n; i++) {
        String key = "photos/" + i + "/medium.jpg";
        pool.execute(() -> {
          try {
            long[] b = new long[1];
            if (client.equals("jdk")) {
              var r = jdk.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(s3.endpoint() + "/bench/" + key))
                  .build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
              try (var in = r.body()) {
                org.refugium.photos.PhotoCheck.md5(in, b);
              }
            } else {
              try (var in = sdk.getObject(r -> r.bucket("bench").key(key))) {
                org.refugium.photos.PhotoCheck.md5(in, b);
              }
            }
            bytes.addAndGet(b[0]);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.HOURS);
      double wall = (System.nanoTime() - w0) / 1e9;
      System.out.printf("  %-4s %8.0f photos/s %8.2f MB/s %8.2f CPU ms/photo%n", client, n / wall,
          bytes.get() / wall / 1e6, (os.getProcessCpuTime() - cpu0) / 1e6 / n);
    }
    sdk.close();
    jdk.close();
  }

  private static PhotoFetcher.Summary run(S3ProxyServer s3, Path dir, List<PhotoKey> keys, int concurrency)
      throws Exception {
    SnapshotStore.deleteRecursively(dir);
    DirectoryPhotoStore store = DirectoryPhotoStore.open(dir);
    try (HttpPhotoSource source = new HttpPhotoSource(s3.endpoint() + "/bench", null, Duration.ofSeconds(30), 0);
        FetchJournal journal = FetchJournal.open(dir.resolve(FetchJournal.FILE_NAME))) {
      return new PhotoFetcher(store, source, journal, dir.resolve(".fetch-tmp"),
          new PhotoFetcher.Options(concurrency, 3, false, Duration.ofHours(1)), line -> {}).run(keys);
    }
  }

  /** Uploads photos/1..n/medium.jpg once; a later run finds them in the S3Proxy folder and skips the upload. */
  private static long upload(S3ProxyServer s3, int n) throws Exception {
    boolean exists = s3.admin().listBuckets().buckets().stream().anyMatch(b -> b.name().equals("bench"));
    if (!exists) {
      s3.createBucket("bench", true);
    }
    List<byte[]> images = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 40; i++) {
      images.add(jpeg(random));
    }
    long[] total = new long[1];
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 1; i <= n; i++) {
      byte[] b = images.get(i % images.size());
      total[0] += b.length;
      String key = "photos/" + i + "/medium.jpg";
      if (exists) {
        continue;
      }
      pool.execute(() -> s3.putPublic("bench", key, b));
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    return total[0];
  }

  /** A 500 x 375 picture of gradients, shapes and noise: a JPEG of 20-60 KB like iNaturalist's medium size. */
  static byte[] jpeg(Random random) throws Exception {
    BufferedImage img = new BufferedImage(500, 375, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(random.nextInt()), 500, 375, new Color(random.nextInt())));
    g.fillRect(0, 0, 500, 375);
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(random.nextInt(), true));
      g.fillOval(random.nextInt(500), random.nextInt(375), 20 + random.nextInt(120), 20 + random.nextInt(120));
    }
    g.dispose();
    int noise = 8 + random.nextInt(20);
    for (int y = 0; y < 375; y++) {
      for (int x = 0; x < 500; x++) {
        int rgb = img.getRGB(x, y);
        int d = random.nextInt(noise) - noise / 2;
        int r = Math.clamp(((rgb >> 16) & 0xFF) + d, 0, 255);
        int gg = Math.clamp(((rgb >> 8) & 0xFF) + d, 0, 255);
        int b = Math.clamp((rgb & 0xFF) + d, 0, 255);
        img.setRGB(x, y, r << 16 | gg << 8 | b);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(0.8f);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(img, null, null), param);
    }
    writer.dispose();
    return out.toByteArray();
  }
}
