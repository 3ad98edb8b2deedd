package dev.capstan.server.validation;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The rules every object's metadata follows on create, as upstream's {@code BeforeCreate} and {@code ValidateObjectMeta}. */
public final class ObjectMetaRules {
  /** Upstream's limit on all annotations of one object together. */
  public static final int ANNOTATIONS_MAX_BYTES = 256 * 1024;
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int SUFFIX_LENGTH = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ObjectMetaRules() {}

  /** A name from {@code generateName}: the prefix plus five characters upstream's generator draws from. */
  public static String generateName(String prefix) {
    StringBuilder s = new StringBuilder(prefix);
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      s.append(SUFFIX_ALPHABET.charAt(RANDOM.nextInt(SUFFIX_ALPHABET.length())));
    }
    return s.toString();
  }

  /**
   * Fills what the server owns on create: a fresh uid and creationTimestamp, the name from generateName when the
   * name is empty; and clears what a client may not set (deletion fields). The namespace is the caller's concern.
   */
  public static void prepareForCreate(KubeObject o, Instant now) {
    ObjectNode m = o.metadata();
    if (o.name().isEmpty() && !o.generateName().isEmpty()) {
      m.put("name", generateName(o.generateName()));
    }
    m.put("uid", UUID.randomUUID().toString());
    m.put("creationTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
    m.remove("deletionTimestamp");
    m.remove("deletionGracePeriodSeconds");
    m.remove("selfLink");
  }

  /**
   * The metadata errors of a new object.
   *
   * @param nameRule the rule for this kind's names, e.g. {@link NameRules#dns1123Subdomain}
   * @param labelNames true when names follow the label rule (then generateName does too)
   */
  public static List<FieldError> validate(KubeObject o, boolean namespaced, Function<String, List<String>> nameRule,
      boolean labelNames) {
    List<FieldError> errs = new ArrayList<>();
    String generateName = o.generateName();
    if (!generateName.isEmpty()) {
      NameRules.generateNamePrefix(generateName, labelNames)
          .forEach(m -> errs.add(FieldError.invalid("metadata.generateName", generateName, m)));
    }
    String name = o.name();
    if (name.isEmpty()) {
      errs.add(FieldError.required("metadata.name", "name or generateName is required"));
    } else {
      nameRule.apply(name).forEach(m -> errs.add(FieldError.invalid("metadata.name", name, m)));
    }
    String namespace = o.namespace();
    if (namespaced) {
      if (namespace.isEmpty()) {
        errs.add(FieldError.required("metadata.namespace", ""));
      } else {
        NameRules.dns1123Label(namespace).forEach(m -> errs.add(FieldError.invalid("metadata.namespace", namespace, m)));
      }
    } else if (!namespace.isEmpty()) {
      errs.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
    }
    errs.addAll(validateLabels(o.metadata().get("labels")));
    errs.addAll(validateAnnotations(o.metadata().get("annotations")));
    return errs;
  }

  private static List<FieldError> validateLabels(JsonNode labels) {
    return labels(labels, "metadata.labels");
  }

  private static List<FieldError> validateAnnotations(JsonNode annotations) {
    return annotations(annotations, "metadata.annotations");
  }

  /** Upstream's ValidateLabels of a label map, reported under {@code path}. */
  public static List<FieldError> labels(JsonNode labels, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (labels == null || labels.isNull()) {
      return errs;
    }
    for (Map.Entry<String, JsonNode> e : labels.properties()) {
      NameRules.qualifiedName(e.getKey()).forEach(m -> errs.add(FieldError.invalid(path, e.getKey(), m)));
      String value = e.getValue().asString("");
      NameRules.labelValue(value).forEach(m -> errs.add(FieldError.invalid(path, value, m)));
    }
    return errs;
  }

  /**
   * Upstream's ValidateAnnotations of an annotation map, reported under {@code path} (upstream's CRD conversion
   * reports them under {@code metadata.annotation}).
   */
  public static List<FieldError> annotations(JsonNode annotations, String path) {
    List<FieldError> errs = new ArrayList<>();
    if (annotations == null || annotations.isNull()) {
      return errs;
    }
    long size = 0;
    for (Map.Entry<String, JsonNode> e : annotations.properties()) {
      String key = e.getKey();
      NameRules.qualifiedName(key.toLowerCase(java.util.Locale.ROOT))
          .forEach(m -> errs.add(FieldError.invalid(path, key, m)));
      size += key.getBytes(StandardCharsets.UTF_8).length
          + e.getValue().asString("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > ANNOTATIONS_MAX_BYTES) {
      errs.add(new FieldError(FieldError.Type.TOO_LONG, path, null,
          "must have at most " + ANNOTATIONS_MAX_BYTES + " bytes"));
    }
    return errs;
  }
}
