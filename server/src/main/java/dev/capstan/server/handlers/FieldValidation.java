package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.patch.GoValues;
import dev.capstan.server.schema.FieldProblems;
import dev.capstan.server.schema.Schema;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

/**
 * The {@code fieldValidation} directive (Strict, Warn — the default — or Ignore) over unknown and duplicate fields,
 * as upstream's strict decoding applies it: Strict fails the request, Warn answers with a {@code Warning:} per
 * problem, Ignore says nothing. In every mode the unknown fields are dropped, as decoding into upstream's types drops
 * them. Kinds without a schema are left as they are.
 */
final class FieldValidation {
  enum Mode { STRICT, WARN, IGNORE }

  private static final String UNMARSHAL = "yaml: unmarshal errors:\n  ";

  private final Context ctx;
  private final Mode mode;
  private final Schema schema;
  /** What the last attempt of a patch found, sent as warnings once the write succeeds. */
  private volatile List<String> pending = List.of();

  private FieldValidation(Context ctx, Mode mode, Schema schema) {
    this.ctx = ctx;
    this.mode = mode;
    this.schema = schema;
  }

  /** The request's directive; an unsupported value is upstream's 422 on the request's options. */
  static FieldValidation of(Context ctx, String optionsKind, Schema schema) {
    String value = ctx.queryParam("fieldValidation");
    Mode mode = switch (value == null ? "" : value) {
      case "", "Warn" -> Mode.WARN;
      case "Strict" -> Mode.STRICT;
      case "Ignore" -> Mode.IGNORE;
      default -> throw FieldError.invalid("meta.k8s.io", optionsKind + ".meta.k8s.io", optionsKind, "",
          List.of(new FieldError(FieldError.Type.NOT_SUPPORTED, "fieldValidation", value,
              "supported values: \"\", \"Ignore\", \"Strict\", \"Warn\"")));
    };
    return new FieldValidation(ctx, mode, schema);
  }

  /**
   * Checks a created or replaced object against the body it was decoded from, and drops its unknown fields.
   * JSON bodies report problems in document order; YAML ones the repeated keys first, then unknown fields.
   */
  void checkBody(ResourceDefinition d, byte[] body, KubeObject object) {
    checkBody(d.kind(), d.version(), body, object);
  }

  /** As {@link #checkBody(ResourceDefinition, byte[], KubeObject)}, for a body of another kind (a Scale). */
  void checkBody(String kind, String version, byte[] body, KubeObject object) {
    String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
    List<String> problems = new ArrayList<>();
    String strictFirst = null;
    if (mode != Mode.IGNORE && (type.equals("application/json") || type.isEmpty())) {
      try (JsonParser p = Encoding.JSON.createParser(body)) {
        problems.addAll(FieldProblems.inDocument(p, schema));
      } catch (JacksonException e) {
        throw ApiException.badRequest("the body of the request could not be decoded as JSON: " + e.getOriginalMessage());
      }
    } else if (mode != Mode.IGNORE && type.equals("application/yaml")) {
      List<String> duplicates;
      try (JsonParser p = Encoding.yamlParser(body)) {
        duplicates = FieldProblems.yamlDuplicates(p);
      }
      if (!duplicates.isEmpty()) {
        strictFirst = UNMARSHAL + String.join("\n  ", duplicates);
      }
      problems.addAll(duplicates);
    }
    List<String> unknown = schema == null ? List.of() : FieldProblems.prune(object.node(), schema);
    if (type.equals("application/yaml")) {
      problems.addAll(unknown);
    }
    if (problems.isEmpty() || mode == Mode.IGNORE) {
      return;
    }
    if (mode == Mode.WARN) {
      problems.forEach(p -> Warnings.add(ctx, p));
      return;
    }
    List<String> parts = new ArrayList<>();
    if (strictFirst != null) {
      parts.add(strictFirst);
      parts.addAll(unknown);
    } else {
      parts.addAll(problems);
    }
    throw ApiException.badRequest(kind + " in version " + FieldError.goQuote(version)
        + " cannot be handled as a " + kind + ": strict decoding error: " + String.join(", ", parts));
  }

  /**
   * {@code patch} as the update function of a write: each attempt applies it, drops the result's unknown fields
   * and, with the patch body's own problems (repeated keys; a JSON patch operation's unknown fields), fails as
   * upstream's 422 on the patch under Strict. Call {@link #sendWarnings} once the write has succeeded.
   */
  java.util.function.UnaryOperator<KubeObject> checking(Patches.Patch patch, String contentType, byte[] body) {
    List<String> bodyProblems = patchBodyProblems(Patches.type(contentType), body);
    return current -> {
      KubeObject next = patch.apply(current);
      pending = checkPatched(next, bodyProblems, patch.body());
      return next;
    };
  }

  /** The Warn-mode warnings of the patch {@link #checking} applied last. */
  void sendWarnings() {
    pending.forEach(p -> Warnings.add(ctx, p));
  }

  private List<String> patchBodyProblems(String patchType, byte[] body) {
    if (mode == Mode.IGNORE) {
      return List.of();
    }
    if (patchType.equals(Patches.JSON_PATCH)) {
      return jsonPatchProblems(body);
    }
    try (JsonParser p = Encoding.JSON.createParser(body)) {
      return FieldProblems.inDocument(p, null);
    } catch (JacksonException e) {
      return List.of(); // the patch itself reports a body it cannot read
    }
  }

  private List<String> checkPatched(KubeObject patched, List<String> bodyProblems, JsonNode patch) {
    List<String> problems = new ArrayList<>(bodyProblems);
    if (schema != null) {
      problems.addAll(FieldProblems.prune(patched.node(), schema));
    }
    if (problems.isEmpty() || mode == Mode.IGNORE) {
      return List.of();
    }
    if (mode == Mode.STRICT) {
      throw FieldError.invalid("", "", "", "", List.of(FieldError.invalid("patch",
          GoValues.format(patch), "strict decoding error: " + String.join(", ", problems))));
    }
    return problems;
  }

  /** The fields a JSON patch operation may have; anything else is reported, as upstream's JSON patch decoding does. */
  private static final Schema OPERATIONS = Schema.builder(Schema.Type.LIST).items(Schema.builder(Schema.Type.OBJECT)
      .properties(Map.of("op", plain(), "path", plain(), "value", Schema.builder(Schema.Type.ANY).build(),
          "from", plain())).build()).build();

  private static Schema plain() {
    return Schema.builder(Schema.Type.STRING).build();
  }

  private static List<String> jsonPatchProblems(byte[] body) {
    List<String> out = new ArrayList<>();
    try (JsonParser p = Encoding.JSON.createParser(body)) {
      FieldProblems.inDocument(p, OPERATIONS).forEach(problem -> out.add("json patch " + problem));
    }
    return out;
  }
}
