package dev.capstan.server.schema;

import java.util.Optional;

/**
 * The schemas of the kinds this server serves. Thread-safe.
 */
public interface SchemaModel {
  /**
   * The node of a whole object of {@code kind} in {@code group}/{@code version} ("" is the core group),
   * or empty when the kind has no known schema: then strategic merge patch is refused (415) and unknown
   * fields are not detected, as upstream does for kinds without OpenAPI.
   */
  Optional<Schema> kind(String group, String version, String kind);

  /**
   * The node of a named type by its upstream definition name ({@code io.k8s.api.core.v1.Container}) carrying the
   * type's own description rather than a field's, or empty when the model cannot tell. OpenAPI documents use it to
   * describe shared definitions; everything else works from {@link #kind}.
   */
  default Optional<Schema> definition(String name) {
    return Optional.empty();
  }
}
