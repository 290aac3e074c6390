package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI description lists exactly the GET endpoints the resources register, no more, no less. */
class OpenApiTest {

  static final List<Class<?>> RESOURCES = List.of(ObservationsResource.class, TaxaResource.class,
      UsersResource.class, ControlledTermsResource.class, OpenApi.class, ComputerVisionResource.class);

  @Test
  void describedPathsAreTheRegisteredOnes() {
    List<String> registered = new ArrayList<>();
    for (Class<?> resource : RESOURCES) {
      String base = resource.getAnnotation(Path.class).value();
      for (Method m : resource.getDeclaredMethods()) {
        if (m.isAnnotationPresent(GET.class)) {
          Path sub = m.getAnnotation(Path.class);
          registered.add(sub == null ? base : base + "/" + sub.value());
        }
      }
    }
    List<String> described = OpenApi.ENDPOINTS.stream().map(OpenApi.Endpoint::path).toList();
    assertThat(described).containsExactlyInAnyOrderElementsOf(registered);
  }

  @Test
  void documentIsValidJsonWithEveryPath() throws Exception {
    JsonNode doc = ApiServer.JSON.valueToTree(OpenApi.document());
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    assertThat(doc.get("paths").size()).isEqualTo(OpenApi.ENDPOINTS.size());
    JsonNode observations = doc.get("paths").get("/v1/observations").get("get").get("parameters");
    List<String> names = new ArrayList<>();
    observations.forEach(p -> names.add(p.get("name").asText()));
    assertThat(names).contains("taxon_id", "d1", "id_above", "per_page", "return_bounds");
  }
}
