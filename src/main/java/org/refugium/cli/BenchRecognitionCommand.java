package org.refugium.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.refugium.api.ApiConfig;
import org.refugium.recognition.ImageDecoder;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.server.NodeServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Hidden: scripts/bench-recognition. Starts the node on the current snapshot with the installed bundles and
 * posts one photo to score_image over HTTP: latency p50/p99 end to end and per stage (from Server-Timing),
 * the forward pass alone in the same process, throughput at 1, 2 and 4 concurrent requests per bundle, and
 * RSS before and after the run.
 */
@Command(name = "bench-recognition", hidden = true, mixinStandardHelpOptions = true)
final class BenchRecognitionCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Mixin
  ModelsDirOption models;

  @Option(names = "--image", required = true, paramLabel = "FILE")
  Path image;

  @Option(names = "--size", defaultValue = "224", description = "Re-encode the photo at this square size (0 = as is).")
  int size;

  @Option(names = "--requests", defaultValue = "200", description = "Requests per measurement.")
  int requests;

  @Option(names = "--warmup", defaultValue = "300",
      description = "Requests (and forward passes) before measuring: the HTTP path needs a few hundred for the JIT.")
  int warmup;

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Integer call() throws Exception {
    byte[] photo = Files.readAllBytes(image);
    if (size > 0) {
      BufferedImage src = new ImageDecoder().decode(photo);
      BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      var g = scaled.createGraphics();
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, size, size, null);
      g.dispose();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(scaled, "jpg", out);
      photo = out.toByteArray();
    }
    System.out.printf("image %s re-encoded to %s: %d bytes; PyTorch threads %s; %d cores%n", image,
        size > 0 ? size + " px JPEG" : "(as is)", photo.length, System.getProperty("ai.djl.pytorch.num_threads", "default"),
        Runtime.getRuntime().availableProcessors());
    try (Recognizer recognizer = Recognizer.load(ModelBundle.installed(models.modelsDir), ImageDecoder.DEFAULT_MAX_PIXELS,
        System.out::println);
        NodeServer server = NodeServer.start("127.0.0.1", 0, data.store(), ApiConfig.defaults(), recognizer)) {
      String url = "http://127.0.0.1:" + server.port() + "/v1/computervision/score_image";
      BufferedImage decoded = recognizer.decode(photo);
      List<String[]> modes = new ArrayList<>();
      for (Recognizer.Loaded l : recognizer.species()) {
        int clade = l.bundle().manifest().covers() == null ? -1 : l.bundle().manifest().covers().taxonId();
        modes.add(new String[] {l.name(), clade < 0 ? "" : String.valueOf(clade)});
      }
      modes.add(new String[] {"gated (no taxon_id)", ""});
      long rss0 = rssKb();
      System.out.printf("RSS before: %d MB%n", rss0 / 1024);
      for (String[] mode : modes) {
        System.out.println("== " + mode[0] + (mode[1].isEmpty() ? "" : " (taxon_id=" + mode[1] + ")"));
        if (!mode[0].startsWith("gated")) {
          Recognizer.Loaded l = recognizer.species().stream().filter(x -> x.name().equals(mode[0])).findFirst().get();
          for (int i = 0; i < warmup; i++) {
            l.classifier().classifyTimed(decoded);
          }
          double[] fwd = new double[requests];
          for (int i = 0; i < requests; i++) {
            fwd[i] = l.classifier().classifyTimed(decoded).timings().inferenceNanos() / 1e6;
          }
          System.out.printf(Locale.ROOT, "  forward pass alone: p50 %.1f ms, p99 %.1f ms%n", pct(fwd, 50), pct(fwd, 99));
        }
        byte[] body = multipart(photo, mode[1]);
        for (int i = 0; i < warmup; i++) {
          post(url, body);
        }
        if (!mode[0].startsWith("gated")) {
          interleaved(recognizer, mode[0], decoded, url, body);
        }
        for (int concurrency : new int[] {1, 2, 4}) {
          run(url, body, concurrency);
        }
        System.out.printf("  RSS now %d MB, Java heap used %d MB of %d MB committed%n", rssKb() / 1024,
            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
            Runtime.getRuntime().totalMemory() >> 20);
      }
      // the same mode again: steady memory means RSS stops growing once heap and allocator pools are warm
      byte[] again = multipart(photo, "");
      for (int round = 0; round < 2; round++) {
        run(url, again, 4);
        System.out.printf("  repeat %d: RSS %d MB%n", round + 1, rssKb() / 1024);
      }
      long rss1 = rssKb();
      System.out.printf("RSS after %d requests: %d MB (before %d MB)%n", modes.size() * (3 * requests + warmup),
          rss1 / 1024, rss0 / 1024);
    }
    return 0;
  }

  private void run(String url, byte[] body, int concurrency) throws Exception {
    double[][] stages = new double[5][requests]; // end-to-end, decode, preprocess, inference, postprocess
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    long t0 = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      int n = i;
      done.add(pool.submit(() -> {
        long s = System.nanoTime();
        HttpResponse<String> r = post(url, body);
        stages[0][n] = (System.nanoTime() - s) / 1e6;
        String timing = r.headers().firstValue("Server-Timing").orElse("");
        String[] parts = timing.split(",");
        for (int k = 0; k < Math.min(4, parts.length); k++) {
          stages[k + 1][n] = Double.parseDouble(parts[k].substring(parts[k].indexOf("dur=") + 4));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    System.out.printf(Locale.ROOT, "  concurrency %d: %.1f images/s; end to end p50 %.1f / p99 %.1f ms; decode %.1f,"
        + " preprocess %.1f, inference %.1f, postprocess %.1f ms (p50)%n", concurrency, requests / seconds,
        pct(stages[0], 50), pct(stages[0], 99), pct(stages[1], 50), pct(stages[2], 50), pct(stages[3], 50),
        pct(stages[4], 50));
  }

  private HttpResponse<String> post(String url, byte[] body) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
          .header("Content-Type", "multipart/form-data; boundary=bench").POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("score_image answered " + r.statusCode() + ": " + r.body());
      }
      return r;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] multipart(byte[] photo, String taxonId) throws java.io.IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    if (!taxonId.isEmpty()) {
      b.write(("--bench\r\nContent-Disposition: form-data; name=\"taxon_id\"\r\n\r\n" + taxonId + "\r\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    b.write("--bench\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.jpg\"\r\n\r\n"
        .getBytes(StandardCharsets.UTF_8));
    b.write(photo);
    b.write("\r\n--bench--\r\n".getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  /**
   * The ratio end to end / forward pass from pairs taken in turn: one forward pass alone, then one request,
   * {@code requests} times. Measured in separate blocks the two drift apart with the machine's state (the
   * forward pass alone moved 22–32 ms between blocks on this shared box), which made their ratio noise.
   */
  private void interleaved(Recognizer recognizer, String bundle, BufferedImage decoded, String url, byte[] body) {
    Recognizer.Loaded l = recognizer.species().stream().filter(x -> x.name().equals(bundle)).findFirst().get();
    double[] fwd = new double[requests];
    double[] e2e = new double[requests];
    for (int i = 0; i < requests; i++) {
      fwd[i] = l.classifier().classifyTimed(decoded).timings().inferenceNanos() / 1e6;
      long s = System.nanoTime();
      post(url, body);
      e2e[i] = (System.nanoTime() - s) / 1e6;
    }
    System.out.printf(Locale.ROOT, "  interleaved, concurrency 1: forward pass alone p50 %.1f ms, end to end p50 %.1f ms:"
        + " ratio %.2f%n", pct(fwd, 50), pct(e2e, 50), pct(e2e, 50) / pct(fwd, 50));
  }

  private static double pct(double[] v, int p) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
  }

  private static long rssKb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
