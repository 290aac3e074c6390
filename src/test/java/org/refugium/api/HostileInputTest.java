package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/**
 * Hundreds of malformed and hostile values thrown at every parameter of every GET endpoint the node serves, the
 * parameters taken from iNaturalist's official API v1 spec (plus the node's own additions): each answer is a 2xx, or a 4xx with {error, status}; never a
 * 5xx; and the server still answers afterwards.
 */
class HostileInputTest {

  /** Wrong types, huge and negative numbers, NaN coordinates, long strings, unicode, SQL and Lucene syntax. */
  static final List<String> HOSTILE = List.of(
      "", " ", "abc", "-1", "0", "-0", "1e308", "-1e308", "NaN", "Infinity", "-Infinity", "9223372036854775807",
      "9223372036854775808", "-9223372036854775808", "99999999999999999999999999", "2147483648", "0x1F", "1.5",
      "1,2,3", ",,,", "1,,2", "1,abc", "true", "false", "null", "undefined", "[]", "{}", "2020-02-30", "2020-13-01",
      "0000-00-00", "9999-12-31T99:99:99", "2020-08-26T00:00:00+00:00", "'", "\"", "' OR '1'='1", "1; DROP TABLE taxa;--",
      "1 UNION SELECT * FROM observers", "*:*", "name:(a OR b)", "field:[* TO *]", "a~2", "\\", "(((", ")))", "+-&&||!",
      "%00", "\u0000", "../../etc/passwd", "..%2F..%2F", "<script>alert(1)</script>", "Ω≈ç√∫", "чайка", "ё", "🦉🐦",
      "\u202Etxet", "x".repeat(10_000), "9".repeat(5_000), "y".repeat(40_000), "-91", "91", "181", "-181", "research,needs_id,casual,x");

  @TempDir
  static Path dataDir;

  static ApiServer server;

  @BeforeAll
  static void start() throws Exception {
    server = ApiServer.onSample(dataDir);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** One GET endpoint to attack: its path (the path parameter as {name}), and its query parameters. */
  record Endpoint(String path, String pathParam, List<String> queryParams) {}

  /**
   * The parameter list comes from iNaturalist's official API v1 spec in ../shared (every documented query parameter
   * of every endpoint the node serves, refused ones included: a refusal is a shaped 422 too), not from the node's
   * own description, so a parameter the node forgot to describe is attacked all the same. The node's own
   * /v1/openapi.json adds what the spec lacks: its extra endpoints (computervision/models, openapi.json…) and
   * parameters, except the ones it refuses whatever their value.
   */
  /** "path name" of the parameters the node refuses whatever their value (a 422 before any parsing): a sample of values is enough. */
  static final java.util.Set<String> REFUSED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static List<Endpoint> endpoints() throws Exception {
    JsonNode spec = ApiServer.JSON.readTree(SharedData.data(ApiParametersTest.SPEC.toString()).toFile());
    Map<String, String> served = new LinkedHashMap<>(); // spec path -> the node's path
    OpenApi.ENDPOINTS.forEach(e -> served.put(e.specPath(), e.path()));
    Map<String, Endpoint> out = new LinkedHashMap<>(); // keyed by the node's path
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode get = e.getValue().get("get");
      if (get == null || !served.containsKey(e.getKey())) {
        continue;
      }
      String pathParam = null;
      List<String> query = new ArrayList<>();
      for (JsonNode p : get.path("parameters")) {
        JsonNode resolved = p.has("$ref")
            ? spec.get("parameters").get(p.get("$ref").asText().substring("#/parameters/".length())) : p;
        if ("path".equals(resolved.get("in").asText())) {
          pathParam = resolved.get("name").asText();
        } else if ("query".equals(resolved.get("in").asText())) {
          query.add(resolved.get("name").asText());
        }
      }
      String path = "/v1" + e.getKey();
      out.put(served.get(e.getKey()), new Endpoint(path, pathParam, query));
    }
    assertThat(out).as("served endpoints found in the official spec").hasSizeGreaterThan(8);
    JsonNode doc = server.ok("/v1/openapi.json");
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode get = e.getValue().get("get");
      if (get == null) {
        continue;
      }
      String nodePath = e.getKey().startsWith("/v1") ? e.getKey() : "/v1" + e.getKey();
      Endpoint known = out.get(nodePath);
      String pathParam = known != null ? known.pathParam() : null;
      String template = known != null ? known.path() : nodePath;
      List<String> query = new ArrayList<>(known != null ? known.queryParams() : List.of());
      for (JsonNode p : get.path("parameters")) {
        String name = p.get("name").asText();
        if ("path".equals(p.get("in").asText())) {
          if (known == null) {
            pathParam = name;
          }
        } else if ("refused".equals(p.path("x-refugium-treatment").asText())) {
          REFUSED.add(template + " " + name);
        } else if (!query.contains(name)) {
          query.add(name); // refused whatever its value (FilterParametersApiTest walks them all): no parser to attack
        }
      }
      out.put(nodePath, new Endpoint(template, pathParam, query));
    }
    return new ArrayList<>(out.values());
  }

  /**
   * The values one parameter gets. /observations and the endpoints' own parameters get every hostile value; the
   * observation filters repeated by the sub-endpoints (species_counts, observers, histogram…) go through the same
   * parser, and the parameters the node refuses are answered 422 before any parsing, so both get a quarter of the
   * values, rotated per parameter so that each value still reaches each parser: the whole cross product would be
   * ~40,000 requests, minutes of CI for no new path.
   */
  static List<String> values(Endpoint e, String param, java.util.Set<String> observationFilters) {
    boolean shared = !e.path().equals("/v1/observations") && observationFilters.contains(param);
    if (!shared && !REFUSED.contains(e.path() + " " + param)) {
      return HOSTILE;
    }
    int shift = Math.floorMod(param.hashCode(), 4);
    List<String> some = new ArrayList<>();
    for (int i = shift; i < HOSTILE.size(); i += 4) {
      some.add(HOSTILE.get(i));
    }
    return some;
  }

  @Test
  void noHostileValueGetsA5xxOrAnUnshapedError() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).hasSizeGreaterThan(8);
    java.util.Set<String> observationFilters = endpoints.stream().filter(e -> e.path().equals("/v1/observations"))
        .findFirst().orElseThrow().queryParams().stream().collect(java.util.stream.Collectors.toSet());
    // the official spec documents over a hundred filters for /observations: the list really is the spec's
    assertThat(observationFilters).hasSizeGreaterThan(100).contains("acc", "captive", "geo", "taxon_id", "d1");
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    endpoints.parallelStream().forEach(e -> {
      String base = e.path().startsWith("/v1") ? e.path() : "/v1" + e.path();
      String concrete = base.replace("{" + e.pathParam() + "}", "1");
      for (String value : HOSTILE) {
        if (e.pathParam() != null && !value.isEmpty()) {
          requests.incrementAndGet();
          check(base.replace("{" + e.pathParam() + "}", encode(value)), failures);
        }
      }
      for (String q : e.queryParams()) {
        for (String value : values(e, q, observationFilters)) {
          requests.incrementAndGet();
          check(concrete + "?" + q + "=" + encode(value), failures);
        }
      }
    });
    System.out.printf("hostile input: %d requests to %d endpoints%n", requests.get(), endpoints.size());
    assertThat(requests.get()).isGreaterThan(500);
    assertThat(failures).as("%d of %d requests misbehaved", failures.size(), requests).isEmpty();
    assertThat(server.ok("/v1/observations?per_page=1").get("total_results").asLong()).isEqualTo(32);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void check(String pathAndQuery, List<String> failures) {
    try {
      ApiServer.Reply r = server.get(pathAndQuery);
      boolean ok = r.status() >= 200 && r.status() < 300;
      boolean shapedError = r.status() >= 400 && r.status() < 500 && r.body().has("error")
          && r.body().path("status").asInt() == r.status();
      if (!ok && !shapedError) {
        failures.add(abbreviate(pathAndQuery) + " -> " + r.status() + " " + abbreviate(r.body().toString()));
      }
    } catch (Exception ex) {
      failures.add(abbreviate(pathAndQuery) + " -> " + ex);
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }
}
