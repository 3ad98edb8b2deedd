package dev.capstan.server.handlers;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.capstan.api.ApiException;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies in Kubernetes' protobuf encoding ({@code application/vnd.kubernetes.protobuf}), which kubectl
 * 1.32+ sends for built-in kinds ({@code create configmap}, {@code create namespace}, ...): the {@code k8s\0}
 * magic, a {@code runtime.Unknown} envelope naming apiVersion and kind, and the typed message, turned here into
 * the JSON tree every other body becomes.
 */
final class ProtobufBodies {
  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  @FunctionalInterface
  private interface Parser {
    Message parse(ByteString bytes) throws InvalidProtocolBufferException;
  }

  /** The generated outer class of each group's v1 messages in client-java-proto. */
  private static final Map<String, String> OUTER_CLASSES = Map.ofEntries(
      Map.entry("v1", "V1"),
      Map.entry("apps/v1", "V1Apps"),
      Map.entry("batch/v1", "V1Batch"),
      Map.entry("autoscaling/v1", "V1Autoscaling"),
      Map.entry("policy/v1", "V1Policy"),
      Map.entry("networking.k8s.io/v1", "V1Networking"),
      Map.entry("storage.k8s.io/v1", "V1Storage"),
      Map.entry("scheduling.k8s.io/v1", "V1Scheduling"),
      Map.entry("rbac.authorization.k8s.io/v1", "V1Rbac"),
      Map.entry("authentication.k8s.io/v1", "V1Authentication"),
      Map.entry("authorization.k8s.io/v1", "V1Authorization"),
      Map.entry("certificates.k8s.io/v1", "V1Certificates"),
      Map.entry("admissionregistration.k8s.io/v1", "V1Admissionregistration"));
  private static final Map<String, Optional<Parser>> PARSERS = new ConcurrentHashMap<>();

  private ProtobufBodies() {}

  static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
      throw ApiException.badRequest("provided data does not appear to be a protobuf message, expected prefix "
          + "[107 56 115 0]");
    }
    Runtime.Unknown envelope;
    try {
      envelope = Runtime.Unknown.parseFrom(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("the protobuf envelope could not be decoded: " + e.getMessage());
    }
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    Parser parser = PARSERS.computeIfAbsent(apiVersion + "/" + kind, k -> parserFor(apiVersion, kind)).orElse(null);
    if (parser == null) {
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "protobuf is not supported for " + apiVersion + ", Kind=" + kind + "; accepted media types include: "
          + "application/json", null);
    }
    Message message;
    try {
      message = parser.parse(envelope.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(kind + " in version \"" + apiVersion + "\" cannot be handled as a " + kind + ": "
          + e.getMessage());
    }
    ObjectNode out = Encoding.JSON.createObjectNode();
    out.put("apiVersion", apiVersion);
    out.put("kind", kind);
    toJson(message, out);
    return out;
  }

  /** The generated message's parser, found by the names client-java-proto gives its classes. */
  private static Optional<Parser> parserFor(String apiVersion, String kind) {
    String outer = OUTER_CLASSES.get(apiVersion);
    if (outer == null || !kind.matches("[A-Z][A-Za-z0-9]*")) {
      return Optional.empty();
    }
    try {
      Class<?> type = Class.forName(V1.class.getPackageName() + "." + outer + "$" + kind);
      if (!Message.class.isAssignableFrom(type)) {
        return Optional.empty();
      }
      Method parseFrom = type.getMethod("parseFrom", ByteString.class);
      return Optional.of(bytes -> {
        try {
          return (Message) parseFrom.invoke(null, bytes);
        } catch (InvocationTargetException e) {
          if (e.getCause() instanceof InvalidProtocolBufferException invalid) {
            throw invalid;
          }
          throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      });
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      return Optional.empty();
    }
  }

  /**
   * Scalar fields whose zero or false JSON shows: pointers in the Go types (a zero there was set on purpose, e.g.
   * {@code --replicas=0}) and the few plain ones without omitempty. Every other zero or false is Go's unset plain
   * field, which the wire carries but upstream's JSON omits. The generated messages cannot tell the two apart, so
   * the names are listed from the v1 API types.
   */
  private static final java.util.Set<String> KEEPS_ZERO = java.util.Set.of(
      "replicas", "revisionHistoryLimit", "progressDeadlineSeconds", "terminationGracePeriodSeconds",
      "activeDeadlineSeconds", "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "completions",
      "parallelism", "ttlSecondsAfterFinished", "startingDeadlineSeconds", "successfulJobsHistoryLimit",
      "failedJobsHistoryLimit", "minReplicas", "runAsUser", "runAsGroup", "fsGroup", "defaultMode", "mode",
      "expirationSeconds", "leaseDurationSeconds", "leaseTransitions", "tolerationSeconds", "partition", "priority",
      "targetCPUUtilizationPercentage", "averageUtilization", "stabilizationWindowSeconds", "minDomains",
      "deletionGracePeriodSeconds", "gracePeriodSeconds", "value", "maxSkew",
      "suspend", "immutable", "automountServiceAccountToken", "enableServiceLinks", "allowPrivilegeEscalation",
      "privileged", "readOnlyRootFilesystem", "runAsNonRoot", "optional", "hostUsers", "shareProcessNamespace",
      "setHostnameAsFQDN", "allowVolumeExpansion", "attachRequired", "podInfoOnMount", "storageCapacity",
      "requiresRepublish", "seLinuxMount", "manualSelector", "ready", "serving", "terminating", "controller",
      "blockOwnerDeletion", "allocateLoadBalancerNodePorts", "allowed", "denied");

  /**
   * Copies the set fields. Go writes empty strings and zeros for plain (non-pointer) fields, which its JSON omits,
   * so empty values are left out here too.
   */
  private static void toJson(Message message, ObjectNode out) {
    for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      JsonNode value = f.isMapField() ? mapValue(e.getValue())
          : f.isRepeated() ? listValue(f, (List<?>) e.getValue()) : value(f, e.getValue());
      if (value != null) {
        out.set(f.getName(), value);
      }
    }
  }

  private static JsonNode mapValue(Object entries) {
    ObjectNode map = Encoding.JSON.createObjectNode();
    for (Object entry : (List<?>) entries) {
      Message m = (Message) entry;
      FieldDescriptor keyField = m.getDescriptorForType().findFieldByName("key");
      FieldDescriptor valueField = m.getDescriptorForType().findFieldByName("value");
      JsonNode v = value(valueField, m.getField(valueField));
      map.set(String.valueOf(m.getField(keyField)), v == null ? Encoding.JSON.getNodeFactory().stringNode("") : v);
    }
    return map;
  }

  private static JsonNode listValue(FieldDescriptor f, List<?> items) {
    ArrayNode array = Encoding.JSON.createArrayNode();
    for (Object item : items) {
      JsonNode v = value(f, item);
      array.add(v == null ? Encoding.JSON.getNodeFactory().stringNode("") : v);
    }
    return array;
  }

  private static JsonNode value(FieldDescriptor f, Object v) {
    var nodes = Encoding.JSON.getNodeFactory();
    return switch (f.getJavaType()) {
      case STRING -> ((String) v).isEmpty() ? null : nodes.stringNode((String) v);
      case BYTE_STRING -> ((ByteString) v).isEmpty() ? null : nodes.stringNode(Base64.getEncoder().encodeToString(
          ((ByteString) v).toByteArray()));
      case INT, LONG -> ((Number) v).longValue() == 0 && !KEEPS_ZERO.contains(f.getName()) ? null
          : nodes.numberNode(((Number) v).longValue());
      case FLOAT, DOUBLE -> nodes.numberNode(((Number) v).doubleValue());
      case BOOLEAN -> !((Boolean) v) && !KEEPS_ZERO.contains(f.getName()) ? null : nodes.booleanNode(true);
      case ENUM -> nodes.stringNode(String.valueOf(v));
      case MESSAGE -> message((Message) v);
    };
  }

  private static JsonNode message(Message m) {
    var nodes = Encoding.JSON.getNodeFactory();
    switch (m.getDescriptorForType().getFullName()) {
      case "k8s.io.apimachinery.pkg.apis.meta.v1.Time", "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> {
        long seconds = (Long) m.getField(m.getDescriptorForType().findFieldByName("seconds"));
        return seconds == 0 ? null : nodes.stringNode(Instant.ofEpochSecond(seconds).toString());
      }
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
        long type = ((Number) m.getField(m.getDescriptorForType().findFieldByName("type"))).longValue();
        return type == 0 ? nodes.numberNode(((Number) m.getField(m.getDescriptorForType()
            .findFieldByName("intVal"))).longValue())
            : nodes.stringNode((String) m.getField(m.getDescriptorForType().findFieldByName("strVal")));
      }
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
        return nodes.stringNode((String) m.getField(m.getDescriptorForType().findFieldByName("string")));
      }
      case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> {
        ByteString raw = (ByteString) m.getField(m.getDescriptorForType().findFieldByName("raw"));
        try {
          return raw.isEmpty() ? null : Encoding.JSON.readTree(raw.toByteArray());
        } catch (JacksonException e) {
          throw ApiException.badRequest("an embedded object is not valid JSON: " + e.getOriginalMessage());
        }
      }
      default -> {
        ObjectNode o = Encoding.JSON.createObjectNode();
        toJson(m, o);
        return o.isEmpty() ? null : o;
      }
    }
  }
}
