package org.refugium.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The API's JSON: snake_case names from the views' camelCase fields (iNaturalist's names), and nulls
 * written out, because clients read {@code description: null} differently from a missing key.
 */
@Provider
public final class ApiJson implements ContextResolver<ObjectMapper> {

  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  @Override
  public ObjectMapper getContext(Class<?> type) {
    return MAPPER;
  }
}
