package dev.capstan.server.registry.pods;

import dev.capstan.api.FieldError;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place PodSpecs are defaulted and validated, for pods and for every kind that embeds a pod template
 * ({@code spec.template}): the scheme defaults upstream applies to every PodSpec, the extra ones a Pod gets, and
 * the everyday validation with upstream's paths and messages. What admission adds to a new Pod (service account
 * token, tolerations, priority) is not here but in {@link PodAdmissionDefaults}, since templates never get it.
 *
 * <p>Stateless; every method may be called from any thread on objects the caller owns.
 */
public final class PodSpecs {
  private PodSpecs() {}

  /** Fills a template's PodSpec with upstream's defaults; may change {@code spec}. */
  public static void applySpecDefaults(ObjectNode spec) {
    SpecDefaults.spec(spec);
  }

  /** Fills a Pod's spec: the PodSpec defaults plus those only a Pod gets (enableServiceLinks, requests). */
  public static void applyPodDefaults(ObjectNode spec) {
    SpecDefaults.spec(spec);
    SpecDefaults.podOnly(spec);
  }

  /**
   * Fills the pod template at {@code parent.field} (e.g. a Deployment's {@code spec}, "template"): its metadata
   * shows {@code creationTimestamp: null} as Go encodes an unset time, and its spec gets the PodSpec defaults.
   * Does nothing when there is no template object.
   */
  public static void applyTemplateDefaults(JsonNode parent, String field) {
    if (parent instanceof ObjectNode p && p.get(field) instanceof ObjectNode template) {
      nullCreationTimestamp(template);
      applySpecDefaults(template.get("spec") instanceof ObjectNode s ? s : template.putObject("spec"));
    }
  }

  /** Gives an embedded object's metadata the {@code creationTimestamp: null} Go writes for it. */
  public static void nullCreationTimestamp(ObjectNode embedded) {
    ObjectNode meta = embedded.get("metadata") instanceof ObjectNode m ? m : embedded.putObject("metadata");
    if (!meta.has("creationTimestamp")) {
      meta.putNull("creationTimestamp");
    }
  }

  /** The errors of a PodSpec at {@code path} (e.g. {@code spec} or {@code spec.template.spec}). */
  public static List<FieldError> validateSpec(JsonNode spec, String path) {
    return SpecValidation.spec(spec, path);
  }

  /** The errors of a pod template at {@code path}: its labels and annotations keys, then its spec. */
  public static List<FieldError> validateTemplate(JsonNode template, String path) {
    List<FieldError> errs = new ArrayList<>(
        LabelSelectors.validateLabels(template.path("metadata").get("labels"), path + ".metadata.labels"));
    errs.addAll(validateSpec(template.path("spec"), path + ".spec"));
    return errs;
  }

  /** The error when a controller's selector does not select its own template's labels. */
  public static FieldError selectorMismatch(JsonNode template, String path) {
    return FieldError.invalid(path + ".metadata.labels", GoValues.stringMap(template.path("metadata").get("labels")),
        "`selector` does not match template `labels`");
  }

  /** The error for a template whose restartPolicy is not among {@code allowed}, or null when it is fine. */
  public static FieldError restartPolicyNotIn(JsonNode template, String path, List<String> allowed) {
    String policy = template.path("spec").path("restartPolicy").asString("");
    return allowed.contains(policy) ? null : notSupported(path + ".spec.restartPolicy", policy, allowed);
  }

  /** Upstream's NotSupported error: {@code Unsupported value: "x": supported values: "a", "b"}. */
  public static FieldError notSupported(String path, String value, List<String> allowed) {
    List<String> quoted = allowed.stream().map(FieldError::goQuote).toList();
    return new FieldError(FieldError.Type.NOT_SUPPORTED, path, value, "supported values: " + String.join(", ", quoted));
  }

  /** The names of a PodSpec's containers joined by commas, as the CONTAINERS column shows them. */
  public static String containerNames(JsonNode spec) {
    List<String> out = new ArrayList<>();
    spec.path("containers").forEach(c -> out.add(c.path("name").asString("")));
    return String.join(",", out);
  }

  /** The images of a PodSpec's containers joined by commas, as the IMAGES column shows them. */
  public static String containerImages(JsonNode spec) {
    List<String> out = new ArrayList<>();
    spec.path("containers").forEach(c -> out.add(c.path("image").asString("")));
    return String.join(",", out);
  }
}
