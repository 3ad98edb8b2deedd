package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies in, objects, lists and Tables out: the media-type rules in one place. */
final class Encoding {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TABLE_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private Encoding() {}

  /** True when the client asked for a Table (kubectl get does, for both lists and watches). */
  static boolean wantsTable(Context ctx) {
    String accept = ctx.header("Accept");
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      String p = part.replace(" ", "");
      if (p.contains("as=Table") && p.contains("g=meta.k8s.io") && (p.contains("v=v1;") || p.endsWith("v=v1"))) {
        return true;
      }
      if (p.startsWith("application/json") && !p.contains("as=")) {
        return false;
      }
    }
    return false;
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
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
    JsonNode node;
    if (type.equals(ProtobufBodies.MEDIA_TYPE)) {
      node = ProtobufBodies.decode(ctx.bodyAsBytes());
    } else if (type.equals("application/json")) {
      try {
        node = JSON.readTree(ctx.bodyAsBytes());
      } catch (JacksonException e) {
        throw ApiException.badRequest("the body of the request could not be decoded as JSON: "
            + e.getOriginalMessage());
      }
    } else {
      throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
          + "accepted media types include: application/json, " + ProtobufBodies.MEDIA_TYPE, null);
    }
    if (!(node instanceof ObjectNode o)) {
      throw ApiException.badRequest("the body of the request must be a JSON object");
    }
    String apiVersion = o.path("apiVersion").asString("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(d.apiVersion())) {
      throw ApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected "
          + "API version (" + d.apiVersion() + ")");
    }
    String kind = o.path("kind").asString("");
    if (!kind.isEmpty() && !kind.equals(d.kind())) {
      throw ApiException.badRequest("the kind in the data (" + kind + ") does not match the expected kind ("
          + d.kind() + ")");
    }
    ObjectNode ordered = JSON.createObjectNode();
    ordered.put("apiVersion", d.apiVersion());
    ordered.put("kind", d.kind());
    o.properties().forEach(e -> {
      if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
        ordered.set(e.getKey(), e.getValue());
      }
    });
    KubeObject object = KubeObject.wrap(ordered);
    // Before anything reads the object: a wrongly typed metadata must be the client's 400, not silently replaced.
    d.strategy().checkTypes(object, d.kind(), d.apiVersion());
    return object;
  }

  static void writeObject(Context ctx, int status, ResourceDefinition d, KubeObject o, Instant now) {
    ctx.status(status);
    if (wantsTable(ctx)) {
      ctx.contentType(TABLE_TYPE);
      ctx.result(JSON.writeValueAsBytes(Tables.render(d.columns(), d.printer(), List.of(o), includeObject(ctx), "",
          "", now)));
    } else {
      ctx.contentType("application/json");
      ctx.result(JSON.writeValueAsBytes(o.node()));
    }
  }

  static void writeList(Context ctx, ResourceDefinition d, List<KubeObject> items, String resourceVersion,
      String continueToken, Instant now) {
    if (wantsTable(ctx)) {
      ctx.contentType(TABLE_TYPE);
      ctx.result(JSON.writeValueAsBytes(Tables.render(d.columns(), d.printer(), items, includeObject(ctx),
          resourceVersion, continueToken, now)));
      return;
    }
    ObjectNode list = JSON.createObjectNode();
    list.put("kind", d.listKind());
    list.put("apiVersion", d.apiVersion());
    ObjectNode meta = list.putObject("metadata");
    meta.put("resourceVersion", resourceVersion);
    if (!continueToken.isEmpty()) {
      meta.put("continue", continueToken);
    }
    ArrayNode out = list.putArray("items");
    for (KubeObject o : items) {
      ObjectNode item = o.node().deepCopy();
      item.remove("apiVersion");
      item.remove("kind");
      out.add(item);
    }
    ctx.contentType("application/json");
    ctx.result(JSON.writeValueAsBytes(list));
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
