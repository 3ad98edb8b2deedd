package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Request bodies in, objects, lists and Tables out: the media-type rules in one place. */
final class Encoding {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final YAMLMapper YAML = YAMLMapper.builder()
      .disable(tools.jackson.dataformat.yaml.YAMLWriteFeature.WRITE_DOC_START_MARKER).build();
  static final String TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private Encoding() {}

  /** What a response is rendered as, from the Accept header. */
  /** A streaming reader of a YAML body, for checks that need key positions (repeated keys). */
  static tools.jackson.core.JsonParser yamlParser(byte[] body) {
    return YAML.createParser(body);
  }

  enum Format { JSON, YAML, TABLE, PARTIAL_METADATA }

  /** True when the client asked for a Table (kubectl get does, for both lists and watches). */
  static boolean wantsTable(Context ctx) {
    return format(ctx) == Format.TABLE;
  }

  /**
   * The first media type in the Accept header that can be served, as upstream negotiates it: JSON, YAML, a
   * meta.k8s.io/v1 Table or PartialObjectMetadata; 406 when none can be.
   */
  static Format format(Context ctx) {
    String accept = ctx.header("Accept");
    if (accept == null || accept.isBlank()) {
      return Format.JSON;
    }
    for (String part : accept.split(",")) {
      String[] params = part.replace(" ", "").split(";");
      String type = params[0];
      String as = "";
      String group = "";
      String version = "";
      for (int i = 1; i < params.length; i++) {
        String p = params[i];
        if (p.startsWith("as=")) {
          as = p.substring(3);
        } else if (p.startsWith("g=")) {
          group = p.substring(2);
        } else if (p.startsWith("v=")) {
          version = p.substring(2);
        }
      }
      boolean json = type.equals("application/json") || type.equals("*/*") || type.equals("application/*");
      if (!as.isEmpty()) {
        boolean meta = group.equals("meta.k8s.io") && version.equals("v1") && json;
        if (meta && as.equals("Table")) {
          return Format.TABLE;
        }
        if (meta && (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList"))) {
          return Format.PARTIAL_METADATA;
        }
        continue;
      }
      if (json) {
        return Format.JSON;
      }
      if (type.equals("application/yaml")) {
        return Format.YAML;
      }
    }
    throw new ApiException(406, "NotAcceptable", "only the following media types are accepted: application/json, "
        + "application/yaml, " + ProtobufBodies.MEDIA_TYPE, null);
  }

  static Tables.IncludeObject includeObject(Context ctx) {
    try {
      return Tables.IncludeObject.parse(ctx.queryParam("includeObject"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  /** The body as an object of the resource's kind; apiVersion and kind default to the endpoint's. */
  static KubeObject decode(Context ctx, ResourceDefinition d) {
    KubeObject object = decode(ctx, d.apiVersion(), d.kind());
    // Before anything reads the object: a wrongly typed metadata must be the client's 400, not silently replaced.
    d.strategy().checkTypes(object, d.kind(), d.apiVersion());
    return object;
  }

  /** The body as an object of the given kind; apiVersion and kind default to those. */
  static KubeObject decode(Context ctx, String expectedApiVersion, String expectedKind) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
    JsonNode node;
    if (type.equals(ProtobufBodies.MEDIA_TYPE)) {
      node = ProtobufBodies.decode(ctx.bodyAsBytes());
    } else if (type.equals("application/json") || type.isEmpty()) {
      // Without a Content-Type upstream takes the body as its first media type, JSON (kubectl create --raw).
      try {
        node = JSON.readTree(ctx.bodyAsBytes());
      } catch (JacksonException e) {
        throw ApiException.badRequest("the body of the request could not be decoded as JSON: "
            + e.getOriginalMessage());
      }
    } else if (type.equals("application/yaml")) {
      try {
        node = YAML.readTree(ctx.bodyAsBytes());
      } catch (JacksonException e) {
        throw ApiException.badRequest("the body of the request could not be decoded as YAML: "
            + e.getOriginalMessage());
      }
    } else {
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: application/json, application/yaml, " + ProtobufBodies.MEDIA_TYPE,
          null);
    }
    if (!(node instanceof ObjectNode o)) {
      throw ApiException.badRequest("the body of the request must be a JSON object");
    }
    String apiVersion = o.path("apiVersion").asString("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(expectedApiVersion)) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected "
          + "API version (" + expectedApiVersion + ")");
    }
    String kind = o.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals(expectedKind)) {
      throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
          + expectedKind + ")");
    }
    ObjectNode ordered = JSON.createObjectNode();
    ordered.put("apiVersion", expectedApiVersion);
    ordered.put("kind", expectedKind);
    o.properties().forEach(e -> {
      if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
        ordered.set(e.getKey(), e.getValue());
      }
    });
    return KubeObject.wrap(ordered);
  }

  static void writeObject(Context ctx, int status, ResourceDefinition d, KubeObject o, Instant now) {
    Format format = format(ctx);
    ctx.status(status);
    switch (format) {
      case TABLE -> {
        ctx.contentType(TABLE_TYPE);
        ctx.result(JSON.writeValueAsBytes(Tables.render(d.columns(), d.printer(), List.of(o), includeObject(ctx),
            "", "", now)));
      }
      case PARTIAL_METADATA -> write(ctx, Format.JSON, partial(o));
      default -> write(ctx, format, o.node());
    }
  }

  /** {@code meta.k8s.io/v1 PartialObjectMetadata}: the object's metadata alone. */
  private static ObjectNode partial(KubeObject o) {
    ObjectNode p = JSON.createObjectNode();
    p.put("kind", "PartialObjectMetadata");
    p.put("apiVersion", "meta.k8s.io/v1");
    p.set("metadata", o.metadata()); // shared, as the object is: written out, never changed
    return p;
  }

  private static void write(Context ctx, Format format, JsonNode body) {
    if (format == Format.YAML) {
      ctx.contentType("application/yaml");
      ctx.result(YAML.writeValueAsBytes(body));
    } else {
      ctx.contentType("application/json");
      ctx.result(JSON.writeValueAsBytes(body));
    }
  }

  static void writeList(Context ctx, ResourceDefinition d, List<KubeObject> items, String resourceVersion,
      String continueToken, Instant now) {
    writeList(ctx, d, items, resourceVersion, continueToken, OptionalLong.empty(), now);
  }

  /** A list, or its Table; {@code remainingItemCount} goes into the list's metadata when present. */
  static void writeList(Context ctx, ResourceDefinition d, List<KubeObject> items, String resourceVersion,
      String continueToken, OptionalLong remainingItemCount, Instant now) {
    Format format = format(ctx);
    if (format == Format.TABLE) {
      ctx.contentType(TABLE_TYPE);
      ObjectNode table = Tables.render(d.columns(), d.printer(), items, includeObject(ctx), resourceVersion,
          continueToken, now);
      remainingItemCount.ifPresent(n -> ((ObjectNode) table.get("metadata")).put("remainingItemCount", n));
      ctx.result(JSON.writeValueAsBytes(table));
      return;
    }
    boolean partial = format == Format.PARTIAL_METADATA;
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", partial ? "PartialObjectMetadataList" : d.listKind());
    list.put("apiVersion", partial ? "meta.k8s.io/v1" : d.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", resourceVersion);
    if (!continueToken.isEmpty()) {
      meta.put("continue", continueToken);
    }
    remainingItemCount.ifPresent(n -> meta.put("remainingItemCount", n));
    ArrayNode out = list.putArray("items");
    for (KubeObject o : items) {
      if (partial) {
        out.add(partial(o));
        continue;
      }
      out.add(d.custom() ? o.node() : withoutTypeMeta(o.node()));
    }
    write(ctx, partial ? Format.JSON : format, list);
  }

  /**
   * A built-in list's item: the object without apiVersion and kind, as upstream's typed lists encode it. Only the
   * top level is copied; the fields are the stored object's own, which is shared and never changed, so a LIST of
   * thousands does not deep-copy each of them.
   */
  private static ObjectNode withoutTypeMeta(ObjectNode object) {
    ObjectNode item = JSON.createObjectNode();
    for (var field : object.properties()) {
      if (!field.getKey().equals("apiVersion") && !field.getKey().equals("kind")) {
        item.set(field.getKey(), field.getValue());
      }
    }
    return item;
  }

  /** Upstream's answer to a delete that removed the object at once. */
  static void writeDeleted(Context ctx, ResourceDefinition d, KubeObject deleted) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = status.putObject("details");
    details.put("name", deleted.name());
    if (!d.group().isEmpty()) {
      details.put("group", d.group());
    }
    details.put("kind", d.resource());
    details.put("uid", deleted.uid());
    ctx.status(200);
    ctx.contentType("application/json");
    ctx.result(JSON.writeValueAsBytes(status));
  }
}
