package dev.capstan.server.structural;

import dev.capstan.api.FieldError;
import dev.capstan.server.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One served version's schema of a custom resource ({@code spec.versions[i].schema.openAPIV3Schema}), doing what
 * upstream's custom resource handlers do with it: validate an object's values, fill defaults, drop nulls the schema
 * does not allow, and describe the object's shape for pruning, field validation and server-side apply.
 *
 * <p>The schema is assumed to have passed CRD validation (structural, supported keywords only). Immutable and
 * thread-safe; the objects passed in are mutated only by {@link #applyDefaults}, {@link #pruneNulls} and {@link
 * #prune}.
 */
public final class StructuralSchema {
  private final Node root;

  private StructuralSchema(Node root) {
    this.root = root;
  }

  /**
   * A CRD version's {@code openAPIV3Schema}.
   *
   * @throws IllegalArgumentException when the schema is not a JSON object
   */
  public static StructuralSchema parse(JsonNode openApiV3Schema) {
    return new StructuralSchema(Node.parse(openApiV3Schema));
  }

  /**
   * Upstream's schema validation of a whole custom resource, after defaulting: the OpenAPI value validations
   * (kube-openapi's messages, e.g. {@code spec.replicas: Invalid value: "string": spec.replicas in body must be of
   * type integer: "string"}), then the checks of embedded resources' apiVersion, kind and metadata, then the
   * uniqueness of {@code x-kubernetes-list-type} set and map lists. The resource's own apiVersion, kind and
   * ObjectMeta are the caller's to check; here metadata meets only what the schema says of it.
   *
   * @return the errors in upstream's order, empty when valid
   */
  public List<FieldError> validate(JsonNode object) {
    List<FieldError> errs = new ArrayList<>(ValueValidator.validate(root, object, ""));
    EmbeddedResources.validate(root, object, "", errs);
    ListTypes.validate(root, object, "", errs);
    return errs;
  }

  /**
   * {@link #validate} for an update of {@code old}: value validation ratchets (a position whose value is unchanged
   * from the old object reports nothing, as with upstream's CRDValidationRatcheting, on in 1.33), and list-type
   * uniqueness is only checked when the old object met it. Embedded resources are checked as on create.
   */
  public List<FieldError> validateUpdate(JsonNode object, JsonNode old) {
    List<FieldError> errs = new ArrayList<>(ValueValidator.validate(root, object, "", old));
    EmbeddedResources.validate(root, object, "", errs);
    List<FieldError> oldListErrors = new ArrayList<>();
    ListTypes.validate(root, old, "", oldListErrors);
    if (oldListErrors.isEmpty()) {
      ListTypes.validate(root, object, "", errs);
    }
    return errs;
  }

  /**
   * The value validation of a write to the status subresource, which upstream runs with the status schema alone
   * (ratcheting against the old status): fields are under {@code status} but kube-openapi's names in the messages
   * are relative to it, e.g. {@code status.replicas: Invalid value: "string": replicas in body must be of type
   * integer: "string"}. Empty when the object or the schema has no status.
   *
   * @param old the stored object, or null to validate without ratcheting
   */
  public List<FieldError> validateStatus(JsonNode object, JsonNode old) {
    Node schema = root.properties.get("status");
    JsonNode status = object == null ? null : object.get("status");
    if (schema == null || status == null) {
      return List.of();
    }
    List<FieldError> errs = new ArrayList<>();
    for (FieldError e : ValueValidator.validate(schema, status, "", old == null ? null : old.get("status"))) {
      errs.add(new FieldError(e.type(), e.field().isEmpty() ? "status" : "status." + e.field(), e.value(), e.detail()));
    }
    return errs;
  }

  /**
   * The error upstream's decoding of a custom resource stops a write with, before any validation, or empty: the
   * root's metadata that does not decode as ObjectMeta (json-iterator's own words, e.g. {@code
   * v1.ObjectMeta.Name: ReadString: expects " or n, but found 1, error found in #9 byte of ...}), else the first
   * embedded resource whose apiVersion or kind is not a string or whose metadata does not decode, as a field error
   * ({@code spec.template.kind: Invalid value: 3: must be a string}). Upstream answers it as 400 BadRequest:
   * {@code <Kind> in version "<v>" cannot be handled as a <Kind>: <this text>}. The root's apiVersion and kind are
   * the caller's decoder's concern.
   */
  public java.util.Optional<String> decodingError(JsonNode object) {
    String root = EmbeddedResources.rootMetadataError(object);
    if (root != null) {
      return java.util.Optional.of(root);
    }
    FieldError embedded = EmbeddedResources.coercionError(this.root, object, "", false);
    return java.util.Optional.ofNullable(embedded == null ? null : embedded.message());
  }

  /**
   * Upstream's structural defaulting, in place: an absent field (or a null one whose schema is not nullable) with
   * a {@code default} gets a copy of it, through properties, items and additionalProperties. Run on create, update
   * and when reading from storage, after {@link #pruneNulls}.
   */
  public void applyDefaults(JsonNode object) {
    Defaulter.applyDefaults(object, root);
  }

  /**
   * Drops, in place, fields holding null whose schema is neither nullable nor defaulted, as upstream does right
   * after pruning unknown fields (so that such nulls are neither stored nor reported as type errors).
   */
  public void pruneNulls(JsonNode object) {
    Defaulter.pruneNulls(object, root);
  }

  /**
   * Removes, in place, the fields upstream prunes from a custom resource and answers them as upstream reports them
   * for field validation ({@code unknown field "spec.foo"}): fields the schema does not declare (none under
   * x-kubernetes-preserve-unknown-fields, apiVersion and kind of resources kept) sorted by path, then the fields of
   * the root's and embedded resources' metadata that ObjectMeta does not have, sorted by path. The same fields as
   * {@code FieldProblems.prune(object, model(objectMeta))} removes, in upstream's order rather than tree order.
   *
   * @param objectMeta the model of {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}
   */
  public List<String> prune(ObjectNode object, Schema objectMeta) {
    List<String> out = new ArrayList<>();
    Pruner.prune(object, root, objectMeta).forEach(p -> out.add("unknown field " + FieldError.goQuote(p)));
    return out;
  }

  /**
   * The whole object's shape in the shared model: root apiVersion and kind strings, metadata {@code objectMeta},
   * the rest from the schema with its x-kubernetes extensions. Unknown fields are what {@code FieldProblems.prune}
   * removes with it, as upstream prunes. Built on each call; callers keep it.
   *
   * @param objectMeta the model of {@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}
   */
  public Schema model(Schema objectMeta) {
    return Models.build(root, objectMeta);
  }
}
