package org.refugium.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.StreamingOutput;

/** /metrics in the Prometheus text format (version 0.0.4). */
@Path("/metrics")
public final class MetricsResource {

  private final NodeMetrics metrics;

  public MetricsResource(NodeMetrics metrics) {
    this.metrics = metrics;
  }

  @GET
  @Produces("text/plain; version=0.0.4; charset=utf-8")
  public StreamingOutput scrape() {
    return metrics::writeText;
  }
}
