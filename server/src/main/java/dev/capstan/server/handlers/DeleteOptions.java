package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.server.registry.DeleteRequest;
import dev.capstan.server.registry.Preconditions;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A delete's options: the {@code DeleteOptions} body (kubectl sends its propagation policy and dry run there)
 * over the query parameters of the same names, validated as upstream validates them.
 */
final class DeleteOptions {
  private static final List<String> POLICIES = List.of("Foreground", "Background", "Orphan");

  private DeleteOptions() {}

  static DeleteRequest read(Context ctx) {
    boolean dryRun = ResourceHandler.dryRun(ctx);
    Preconditions preconditions = Preconditions.NONE;
    Long grace = parseLong(ctx.queryParam("gracePeriodSeconds"), "gracePeriodSeconds");
    String policy = ctx.queryParam("propagationPolicy");
    Boolean orphan = ctx.queryParam("orphanDependents") == null ? null
        : Boolean.parseBoolean(ctx.queryParam("orphanDependents"));
    byte[] body = ctx.bodyAsBytes();
    if (body.length > 0) {
      JsonNode options;
      try {
        options = Encoding.JSON.readTree(body);
      } catch (JacksonException e) {
        throw ApiException.badRequest("the body of the request could not be decoded as DeleteOptions: "
            + e.getOriginalMessage());
      }
      JsonNode p = options.path("preconditions");
      preconditions = new Preconditions(p.path("uid").asString(""), p.path("resourceVersion").asString(""));
      for (JsonNode v : options.path("dryRun")) {
        if (!v.asString("").equals("All")) {
          throw ApiException.badRequest("dryRun: Unsupported value: []string{\"" + v.asString("")
              + "\"}: supported values: \"All\"");
        }
        dryRun = true;
      }
      if (options.path("gracePeriodSeconds").isIntegralNumber()) {
        grace = options.path("gracePeriodSeconds").asLong();
      }
      if (options.path("propagationPolicy").isString()) {
        policy = options.path("propagationPolicy").asString();
      }
      if (options.path("orphanDependents").isBoolean()) {
        orphan = options.path("orphanDependents").asBoolean();
      }
    }
    List<FieldError> errs = new ArrayList<>();
    if (policy != null && orphan != null) {
      errs.add(FieldError.invalid("propagationPolicy", policy,
          "orphanDependents and deletionPropagation cannot be both set"));
    }
    if (policy != null && !POLICIES.contains(policy)) {
      errs.add(new FieldError(FieldError.Type.NOT_SUPPORTED, "propagationPolicy", policy,
          "supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\""));
    }
    if (!errs.isEmpty()) {
      throw FieldError.invalid("meta.k8s.io", "DeleteOptions.meta.k8s.io", "DeleteOptions", "", errs);
    }
    if (policy == null && orphan != null) {
      policy = orphan ? "Orphan" : "Background";
    }
    return new DeleteRequest(preconditions, dryRun, grace, policy);
  }

  private static Long parseLong(String value, String name) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + ": Invalid value: \"" + value + "\": must be an integer");
    }
  }
}
