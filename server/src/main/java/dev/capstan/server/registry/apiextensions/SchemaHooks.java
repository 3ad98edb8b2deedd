package dev.capstan.server.registry.apiextensions;

import dev.capstan.api.FieldError;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What CRD validation delegates to the CEL and custom-resource validators, which live elsewhere. Both hooks run only
 * on schemas that are already structural, as upstream does, so an implementation may assume the schema is well
 * formed. Implementations must be thread-safe and must not modify their arguments.
 */
public interface SchemaHooks {
  /** No CEL compilation and no checking of default values against their schema. */
  SchemaHooks NONE = new SchemaHooks() {};

  /**
   * Compiles the {@code x-kubernetes-validations} declared on {@code node}, reporting each failure at
   * {@code path + ".x-kubernetes-validations[i].rule"} (or {@code .messageExpression}) with upstream's wording.
   *
   * @param root the whole openAPIV3Schema, for type information of {@code self}
   * @param node the schema node that declares the rules
   * @param path the field path of {@code node}, e.g. {@code spec.versions[0].schema.openAPIV3Schema.properties[spec]}
   * @param preexisting true when every rule on this node was already stored (update), so a CEL environment of
   *     stored expressions applies
   */
  default List<FieldError> compileRules(JsonNode root, JsonNode node, String path, boolean preexisting) {
    return List.of();
  }

  /**
   * Validates one {@code default} value against the schema it sits in (types, formats, enums, value validations,
   * CEL rules); errors are reported under {@code path + ".default"} as a custom resource's would be.
   *
   * @param node the schema node whose {@code default} is checked
   */
  default List<FieldError> validateDefault(JsonNode node, String path) {
    return List.of();
  }
}
