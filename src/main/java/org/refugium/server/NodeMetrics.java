package org.refugium.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

import java.util.Map;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.snapshot.Manifest;

/**
 * The node's metrics in one registry of its own (not the global default, so tests can run several
 * servers in one JVM): request counts and latency per endpoint, recognition timings per bundle and
 * stage, the served snapshot's row counts, and the JVM's memory, GC and threads.
 */
public final class NodeMetrics {

  /** Latency buckets from 1 ms to 10 s: API reads sit at the low end, recognition and exports higher. */
  private static final double[] SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram requests;
  private final Counter responses;
  private final Histogram recognition;

  public NodeMetrics(SnapshotHolder snapshots) {
    requests = Histogram.builder().name("refugium_http_request_duration_seconds")
        .help("Time to answer an HTTP request, by endpoint (route template) and method")
        .labelNames("endpoint", "method").classicOnly().classicUpperBounds(SECONDS).register(registry);
    responses = Counter.builder().name("refugium_http_responses_total")
        .help("HTTP responses by endpoint and status code").labelNames("endpoint", "status").register(registry);
    recognition = Histogram.builder().name("refugium_recognition_seconds")
        .help("Species recognition time of one image by stage (decode, preprocess, inference, postprocess)")
        .labelNames("stage").classicOnly().classicUpperBounds(SECONDS).register(registry);
    GaugeWithCallback.builder().name("refugium_snapshot_rows")
        .help("Rows of the served snapshot, by table (from its manifest)").labelNames("table")
        .callback(cb -> {
          try (ServedSnapshot s = snapshots.acquire()) {
            Map<String, Long> counts = Manifest.read(s.directory().resolve(Manifest.FILE_NAME)).counts();
            counts.forEach((table, n) -> cb.call(n, table));
          } catch (IOException | RuntimeException e) {
            // no snapshot served right now: no samples
          }
        }).register(registry);
    GaugeWithCallback.builder().name("refugium_snapshot_age_seconds")
        .help("Seconds since the served snapshot's import finished").callback(cb -> {
          try (ServedSnapshot s = snapshots.acquire()) {
            var finished = Manifest.read(s.directory().resolve(Manifest.FILE_NAME)).finishedAt();
            if (finished != null) {
              cb.call((System.currentTimeMillis() - finished.toEpochMilli()) / 1000.0);
            }
          } catch (IOException | RuntimeException e) {
            // no snapshot served right now
          }
        }).register(registry);
    GaugeWithCallback.builder().name("refugium_snapshot_bytes").help("Size of the served snapshot's files")
        .callback(cb -> {
          try (ServedSnapshot s = snapshots.acquire()) {
            var files = Manifest.read(s.directory().resolve(Manifest.FILE_NAME)).files();
            cb.call(files == null ? 0 : files.stream().mapToLong(Manifest.FileEntry::size).sum());
          } catch (IOException | RuntimeException e) {
            // no snapshot served right now
          }
        }).register(registry);
    JvmMetrics.builder().register(registry);
  }

  /**
   * The operator's gauges beyond the snapshot's own: the export's age (what the data is as of), the
   * recognition bundles loaded, and the last verification of the served snapshot.
   */
  NodeMetrics watch(org.refugium.web.NodeStatus status, org.refugium.recognition.Recognizer recognizer,
      SnapshotHolder snapshots) {
    GaugeWithCallback.builder().name("refugium_export_age_seconds")
        .help("Seconds since the date of the export the served snapshot was imported from").callback(cb -> {
          try (ServedSnapshot s = snapshots.acquire()) {
            Long days = HealthResource.exportAgeDays(Manifest.read(s.directory().resolve(Manifest.FILE_NAME))
                .exportDate());
            if (days != null) {
              cb.call(days * 86_400.0);
            }
          } catch (IOException | RuntimeException e) {
            // no snapshot served right now
          }
        }).register(registry);
    GaugeWithCallback.builder().name("refugium_recognition_bundles")
        .help("Model bundles loaded for recognition (0: recognition is off)").callback(cb -> cb.call(
            recognizer == null ? 0 : recognizer.species().size() + (recognizer.gate() == null ? 0 : 1)))
        .register(registry);
    GaugeWithCallback.builder().name("refugium_snapshot_last_verify_ok")
        .help("1 when the last recorded verification of the served snapshot passed, 0 when it failed")
        .callback(cb -> status.lastVerify().ifPresent(v -> cb.call(v.ok() ? 1 : 0))).register(registry);
    GaugeWithCallback.builder().name("refugium_snapshot_last_verify_timestamp_seconds")
        .help("When the served snapshot was last verified (Unix time)")
        .callback(cb -> status.lastVerify().ifPresent(v -> cb.call(v.at().getEpochSecond()))).register(registry);
    return this;
  }

  /** Requests being handled now: what a graceful stop would wait for (clients that left must not stay counted). */
  void inFlight(java.util.function.LongSupplier count) {
    GaugeWithCallback.builder().name("refugium_http_requests_in_flight")
        .help("HTTP requests being handled now, this scrape included (a graceful stop waits for the others)")
        .callback(cb -> cb.call(count.getAsLong())).register(registry);
  }

  void recordRequest(String endpoint, String method, int status, double seconds) {
    requests.labelValues(endpoint, method).observe(seconds);
    responses.labelValues(endpoint, Integer.toString(status)).inc();
  }

  /** One recognised image: an observation per stage (inference sums the bundles that ran). */
  public void recordRecognition(org.refugium.recognition.Timings t) {
    recognition.labelValues("decode").observe(t.decodeNanos() / 1e9);
    recognition.labelValues("preprocess").observe(t.preprocessNanos() / 1e9);
    recognition.labelValues("inference").observe(t.inferenceNanos() / 1e9);
    recognition.labelValues("postprocess").observe(t.postprocessNanos() / 1e9);
  }

  void writeText(OutputStream out) throws IOException {
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
  }

}
