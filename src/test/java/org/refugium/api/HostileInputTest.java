package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of malformed and hostile values thrown at every parameter of every GET endpoint the node
 * describes in its own /v1/openapi.json: each answer is a 2xx, or a 4xx with {error, status}; never a
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

  record Endpoint(String path, String pathParam, List<String> queryParams) {}

  static List<Endpoint> endpoints() throws Exception {
    JsonNode doc = server.ok("/v1/openapi.json");
    List<Endpoint> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode get = e.getValue().get("get");
      if (get == null) {
        continue;
      }
      String pathParam = null;
      List<String> query = new ArrayList<>();
      for (JsonNode p : get.path("parameters")) {
        if ("path".equals(p.get("in").asText())) {
          pathParam = p.get("name").asText();
        } else if ("refused".equals(p.path("x-refugium-treatment").asText())) {
          continue; // refused whatever its value (FilterParametersApiTest walks them all): no parser to attack
        } else {
          query.add(p.get("name").asText());
        }
      }
      out.add(new Endpoint(e.getKey(), pathParam, query));
    }
    return out;
  }

  @Test
  void noHostileValueGetsA5xxOrAnUnshapedError() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).hasSizeGreaterThan(8);
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    endpoints.parallelStream().forEach(e -> {
      String base = e.path().startsWith("/v1") ? e.path() : "/v1" + e.path();
      for (String value : HOSTILE) {
        String v = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        if (e.pathParam() != null) {
          if (value.isEmpty()) {
            continue;
          }
          requests.incrementAndGet();
          check(base.replace("{" + e.pathParam() + "}", v), failures);
        }
        String concrete = base.replace("{" + e.pathParam() + "}", "1");
        for (String q : e.queryParams()) {
          requests.incrementAndGet();
          check(concrete + "?" + q + "=" + v, failures);
        }
      }
    });
    assertThat(requests.get()).isGreaterThan(500);
    assertThat(failures).as("%d of %d requests misbehaved", failures.size(), requests).isEmpty();
    assertThat(server.ok("/v1/observations?per_page=1").get("total_results").asLong()).isEqualTo(32);
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
