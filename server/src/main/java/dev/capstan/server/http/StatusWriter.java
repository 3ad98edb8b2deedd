package dev.capstan.server.http;

import dev.capstan.api.ApiException;
import dev.capstan.api.StatusDetails;
import io.javalin.http.Context;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Renders every error as a Kubernetes {@code Status}: the one place error bodies are written. */
public final class StatusWriter {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private StatusWriter() {}

  public static void write(Context ctx, ApiException e) {
    ctx.status(e.code());
    ctx.contentType("application/json");
    ctx.result(JSON.writeValueAsString(toStatus(e)));
  }

  /** The {@code Status} object, for places that embed it (a watch ERROR event). */
  public static ObjectNode toStatus(ApiException e) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", e.getMessage());
    status.put("reason", e.reason());
    StatusDetails d = e.details();
    if (d != null) {
      ObjectNode details = status.putObject("details");
      putIfNotEmpty(details, "name", d.name());
      putIfNotEmpty(details, "group", d.group());
      putIfNotEmpty(details, "kind", d.kind());
      if (d.uid() != null) {
        details.put("uid", d.uid());
      }
      if (!d.causes().isEmpty()) {
        var causes = details.putArray("causes");
        for (StatusDetails.Cause c : d.causes()) {
          ObjectNode cause = causes.addObject();
          putIfNotEmpty(cause, "reason", c.reason());
          putIfNotEmpty(cause, "message", c.message());
          putIfNotEmpty(cause, "field", c.field());
        }
      }
      if (d.retryAfterSeconds() > 0) {
        details.put("retryAfterSeconds", d.retryAfterSeconds());
      }
    }
    status.put("code", e.code());
    return status;
  }

  private static void putIfNotEmpty(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }
}
