package dev.capstan.server.openapi;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Encodes a Swagger 2.0 document (as {@link Documents#v2} writes it) as gnostic's {@code openapi.v2.Document}
 * protobuf, the form kubectl 1.27 and 1.28 ask {@code /openapi/v2} for. Only the parts our documents use are
 * encoded; vendor extensions become {@code NamedAny} entries whose value is the YAML text of the extension, as
 * gnostic stores them.
 *
 * <p>Field numbers are those of {@code openapiv2/OpenAPIv2.proto} in google/gnostic-models; all of them live in the
 * constants below so they can be checked against that file in one place.
 */
final class GnosticV2 {
  private GnosticV2() {}

  // message Document
  static final int DOCUMENT_SWAGGER = 1;
  static final int DOCUMENT_INFO = 2;
  static final int DOCUMENT_PATHS = 8;
  static final int DOCUMENT_DEFINITIONS = 9;
  static final int DOCUMENT_SECURITY = 12;
  static final int DOCUMENT_SECURITY_DEFINITIONS = 13;
  // message Info
  static final int INFO_TITLE = 1;
  static final int INFO_VERSION = 2;
  // messages Paths, Definitions, Properties, SecurityDefinitions, SecurityRequirement, Responses: the named entries
  static final int PATHS_PATH = 2;
  static final int DEFINITIONS_ADDITIONAL_PROPERTIES = 1;
  static final int PROPERTIES_ADDITIONAL_PROPERTIES = 1;
  static final int SECURITY_DEFINITIONS_ADDITIONAL_PROPERTIES = 1;
  static final int SECURITY_REQUIREMENT_ADDITIONAL_PROPERTIES = 1;
  static final int RESPONSES_RESPONSE_CODE = 1;
  // every Named* message (NamedAny, NamedPathItem, NamedSchema, ...)
  static final int NAMED_NAME = 1;
  static final int NAMED_VALUE = 2;
  // message Any
  static final int ANY_YAML = 2;
  // message StringArray, TypeItem
  static final int STRING_ARRAY_VALUE = 1;
  static final int TYPE_ITEM_VALUE = 1;
  // message SecurityDefinitionsItem, ApiKeySecurity
  static final int SECURITY_ITEM_API_KEY = 2;
  static final int API_KEY_TYPE = 1;
  static final int API_KEY_NAME = 2;
  static final int API_KEY_IN = 3;
  static final int API_KEY_DESCRIPTION = 4;
  // message PathItem
  static final int PATH_ITEM_GET = 2;
  static final int PATH_ITEM_PUT = 3;
  static final int PATH_ITEM_POST = 4;
  static final int PATH_ITEM_DELETE = 5;
  static final int PATH_ITEM_PATCH = 8;
  static final int PATH_ITEM_PARAMETERS = 9;
  // message Operation
  static final int OPERATION_TAGS = 1;
  static final int OPERATION_DESCRIPTION = 3;
  static final int OPERATION_ID = 5;
  static final int OPERATION_PRODUCES = 6;
  static final int OPERATION_CONSUMES = 7;
  static final int OPERATION_PARAMETERS = 8;
  static final int OPERATION_RESPONSES = 9;
  static final int OPERATION_SCHEMES = 10;
  static final int OPERATION_VENDOR_EXTENSION = 13;
  // message ParametersItem -> Parameter -> BodyParameter | NonBodyParameter
  static final int PARAMETERS_ITEM_PARAMETER = 1;
  static final int PARAMETER_BODY = 1;
  static final int PARAMETER_NON_BODY = 2;
  static final int NON_BODY_QUERY = 3;
  static final int NON_BODY_PATH = 4;
  // message BodyParameter
  static final int BODY_DESCRIPTION = 1;
  static final int BODY_NAME = 2;
  static final int BODY_IN = 3;
  static final int BODY_REQUIRED = 4;
  static final int BODY_SCHEMA = 5;
  // message QueryParameterSubSchema
  static final int QUERY_REQUIRED = 1;
  static final int QUERY_IN = 2;
  static final int QUERY_DESCRIPTION = 3;
  static final int QUERY_NAME = 4;
  static final int QUERY_TYPE = 6;
  static final int QUERY_UNIQUE_ITEMS = 20;
  // message PathParameterSubSchema
  static final int PATH_PARAM_REQUIRED = 1;
  static final int PATH_PARAM_IN = 2;
  static final int PATH_PARAM_DESCRIPTION = 3;
  static final int PATH_PARAM_NAME = 4;
  static final int PATH_PARAM_TYPE = 5;
  static final int PATH_PARAM_UNIQUE_ITEMS = 19;
  // message ResponseValue -> Response -> SchemaItem
  static final int RESPONSE_VALUE_RESPONSE = 1;
  static final int RESPONSE_DESCRIPTION = 1;
  static final int RESPONSE_SCHEMA = 2;
  static final int SCHEMA_ITEM_SCHEMA = 1;
  // message Schema
  static final int SCHEMA_REF = 1;
  static final int SCHEMA_FORMAT = 2;
  static final int SCHEMA_DESCRIPTION = 4;
  static final int SCHEMA_REQUIRED = 19;
  static final int SCHEMA_ADDITIONAL_PROPERTIES = 21;
  static final int SCHEMA_TYPE = 22;
  static final int SCHEMA_ITEMS = 23;
  static final int SCHEMA_PROPERTIES = 25;
  static final int SCHEMA_VENDOR_EXTENSION = 31;
  // message AdditionalPropertiesItem, ItemsItem
  static final int ADDITIONAL_PROPERTIES_SCHEMA = 1;
  static final int ITEMS_ITEM_SCHEMA = 1;

  private static final Map<String, Integer> METHODS = Map.of("get", PATH_ITEM_GET, "put", PATH_ITEM_PUT,
      "post", PATH_ITEM_POST, "delete", PATH_ITEM_DELETE, "patch", PATH_ITEM_PATCH);

  static byte[] encode(JsonNode doc) {
    return message(m -> {
      m.string(DOCUMENT_SWAGGER, doc.path("swagger").asString(""));
      m.message(DOCUMENT_INFO, info -> {
        info.string(INFO_TITLE, doc.path("info").path("title").asString(""));
        info.string(INFO_VERSION, doc.path("info").path("version").asString(""));
      });
      m.message(DOCUMENT_PATHS, paths -> doc.path("paths").properties().forEach(p ->
          paths.message(PATHS_PATH, named -> {
            named.string(NAMED_NAME, p.getKey());
            named.message(NAMED_VALUE, item -> pathItem(item, p.getValue()));
          })));
      m.message(DOCUMENT_DEFINITIONS, defs -> doc.path("definitions").properties().forEach(d ->
          defs.message(DEFINITIONS_ADDITIONAL_PROPERTIES, named -> {
            named.string(NAMED_NAME, d.getKey());
            named.message(NAMED_VALUE, s -> schema(s, d.getValue()));
          })));
      for (JsonNode requirement : doc.path("security")) {
        m.message(DOCUMENT_SECURITY, req -> requirement.properties().forEach(e ->
            req.message(SECURITY_REQUIREMENT_ADDITIONAL_PROPERTIES, named -> {
              named.string(NAMED_NAME, e.getKey());
              named.message(NAMED_VALUE, arr -> e.getValue().forEach(v -> arr.string(STRING_ARRAY_VALUE,
                  v.asString())));
            })));
      }
      if (doc.has("securityDefinitions")) {
        m.message(DOCUMENT_SECURITY_DEFINITIONS, sd -> doc.get("securityDefinitions").properties().forEach(e ->
            sd.message(SECURITY_DEFINITIONS_ADDITIONAL_PROPERTIES, named -> {
              named.string(NAMED_NAME, e.getKey());
              named.message(NAMED_VALUE, item -> item.message(SECURITY_ITEM_API_KEY, k -> {
                k.string(API_KEY_TYPE, e.getValue().path("type").asString(""));
                k.string(API_KEY_NAME, e.getValue().path("name").asString(""));
                k.string(API_KEY_IN, e.getValue().path("in").asString(""));
                k.string(API_KEY_DESCRIPTION, e.getValue().path("description").asString(""));
              }));
            })));
      }
    });
  }

  private static void pathItem(Message item, JsonNode p) {
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      Integer field = METHODS.get(e.getKey());
      if (field != null) {
        item.message(field, op -> operation(op, e.getValue()));
      }
    }
    p.path("parameters").forEach(x -> item.message(PATH_ITEM_PARAMETERS, pi -> parameter(pi, x)));
  }

  private static void operation(Message op, JsonNode o) {
    o.path("tags").forEach(t -> op.string(OPERATION_TAGS, t.asString()));
    op.string(OPERATION_DESCRIPTION, o.path("description").asString(""));
    op.string(OPERATION_ID, o.path("operationId").asString(""));
    o.path("produces").forEach(t -> op.string(OPERATION_PRODUCES, t.asString()));
    o.path("consumes").forEach(t -> op.string(OPERATION_CONSUMES, t.asString()));
    o.path("parameters").forEach(x -> op.message(OPERATION_PARAMETERS, pi -> parameter(pi, x)));
    op.message(OPERATION_RESPONSES, rs -> o.path("responses").properties().forEach(r ->
        rs.message(RESPONSES_RESPONSE_CODE, named -> {
          named.string(NAMED_NAME, r.getKey());
          named.message(NAMED_VALUE, rv -> rv.message(RESPONSE_VALUE_RESPONSE, resp -> {
            resp.string(RESPONSE_DESCRIPTION, r.getValue().path("description").asString(""));
            if (r.getValue().has("schema")) {
              resp.message(RESPONSE_SCHEMA, si -> si.message(SCHEMA_ITEM_SCHEMA,
                  s -> schema(s, r.getValue().get("schema"))));
            }
          }));
        })));
    o.path("schemes").forEach(t -> op.string(OPERATION_SCHEMES, t.asString()));
    extensions(op, OPERATION_VENDOR_EXTENSION, o);
  }

  private static void parameter(Message item, JsonNode x) {
    item.message(PARAMETERS_ITEM_PARAMETER, param -> {
      String in = x.path("in").asString("");
      if (in.equals("body")) {
        param.message(PARAMETER_BODY, b -> {
          b.string(BODY_DESCRIPTION, x.path("description").asString(""));
          b.string(BODY_NAME, x.path("name").asString(""));
          b.string(BODY_IN, in);
          b.bool(BODY_REQUIRED, x.path("required").asBoolean(false));
          b.message(BODY_SCHEMA, s -> schema(s, x.path("schema")));
        });
      } else if (in.equals("path")) {
        param.message(PARAMETER_NON_BODY, nb -> nb.message(NON_BODY_PATH, q -> {
          q.bool(PATH_PARAM_REQUIRED, x.path("required").asBoolean(false));
          q.string(PATH_PARAM_IN, in);
          q.string(PATH_PARAM_DESCRIPTION, x.path("description").asString(""));
          q.string(PATH_PARAM_NAME, x.path("name").asString(""));
          q.string(PATH_PARAM_TYPE, x.path("type").asString(""));
          q.bool(PATH_PARAM_UNIQUE_ITEMS, x.path("uniqueItems").asBoolean(false));
        }));
      } else {
        param.message(PARAMETER_NON_BODY, nb -> nb.message(NON_BODY_QUERY, q -> {
          q.bool(QUERY_REQUIRED, x.path("required").asBoolean(false));
          q.string(QUERY_IN, in);
          q.string(QUERY_DESCRIPTION, x.path("description").asString(""));
          q.string(QUERY_NAME, x.path("name").asString(""));
          q.string(QUERY_TYPE, x.path("type").asString(""));
          q.bool(QUERY_UNIQUE_ITEMS, x.path("uniqueItems").asBoolean(false));
        }));
      }
    });
  }

  private static void schema(Message m, JsonNode s) {
    m.string(SCHEMA_REF, s.path("$ref").asString(""));
    m.string(SCHEMA_FORMAT, s.path("format").asString(""));
    m.string(SCHEMA_DESCRIPTION, s.path("description").asString(""));
    s.path("required").forEach(r -> m.string(SCHEMA_REQUIRED, r.asString()));
    if (s.path("additionalProperties").isObject()) {
      m.message(SCHEMA_ADDITIONAL_PROPERTIES, ap -> ap.message(ADDITIONAL_PROPERTIES_SCHEMA,
          inner -> schema(inner, s.get("additionalProperties"))));
    }
    if (s.has("type")) {
      m.message(SCHEMA_TYPE, t -> t.string(TYPE_ITEM_VALUE, s.get("type").asString()));
    }
    if (s.has("items")) {
      m.message(SCHEMA_ITEMS, it -> it.message(ITEMS_ITEM_SCHEMA, inner -> schema(inner, s.get("items"))));
    }
    if (s.has("properties")) {
      m.message(SCHEMA_PROPERTIES, props -> s.get("properties").properties().forEach(p ->
          props.message(PROPERTIES_ADDITIONAL_PROPERTIES, named -> {
            named.string(NAMED_NAME, p.getKey());
            named.message(NAMED_VALUE, inner -> schema(inner, p.getValue()));
          })));
    }
    extensions(m, SCHEMA_VENDOR_EXTENSION, s);
  }

  /** Every {@code x-} field of {@code node} as a NamedAny whose Any holds the value as YAML. */
  private static void extensions(Message m, int field, JsonNode node) {
    node.properties().forEach(e -> {
      if (e.getKey().startsWith("x-")) {
        m.message(field, named -> {
          named.string(NAMED_NAME, e.getKey());
          named.message(NAMED_VALUE, any -> any.string(ANY_YAML, Yaml.write(e.getValue())));
        });
      }
    });
  }

  /** Block-style YAML of a JSON value, as gnostic's YAML encoder lays out extension values. */
  static final class Yaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./+-]*");
    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "null", "yes", "no",
        "on", "off", "y", "n", "~");

    private Yaml() {}

    static String write(JsonNode value) {
      StringBuilder b = new StringBuilder();
      if (value.isObject() && !value.isEmpty() || value.isArray() && !value.isEmpty()) {
        block(b, value, 0);
      } else {
        b.append(scalar(value)).append('\n');
      }
      return b.toString();
    }

    private static void block(StringBuilder b, JsonNode value, int indent) {
      String pad = " ".repeat(indent);
      if (value.isArray()) {
        for (JsonNode item : value) {
          b.append(pad).append("- ");
          if (item.isObject() && !item.isEmpty()) {
            // the first key sits on the dash's line, the others under it
            StringBuilder inner = new StringBuilder();
            block(inner, item, indent + 2);
            b.append(inner.substring(indent + 2));
          } else if (item.isArray() && !item.isEmpty()) {
            b.append('\n');
            block(b, item, indent + 2);
          } else {
            b.append(scalar(item)).append('\n');
          }
        }
        return;
      }
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        b.append(pad).append(key(e.getKey())).append(':');
        JsonNode v = e.getValue();
        if (v.isObject() && !v.isEmpty()) {
          b.append('\n');
          block(b, v, indent + 4);
        } else if (v.isArray() && !v.isEmpty()) {
          b.append('\n');
          block(b, v, indent + 4);
        } else {
          b.append(' ').append(scalar(v)).append('\n');
        }
      }
    }

    private static String key(String k) {
      return PLAIN.matcher(k).matches() && !RESERVED.contains(k.toLowerCase(java.util.Locale.ROOT)) ? k
          : quoted(k);
    }

    private static String scalar(JsonNode v) {
      if (v.isObject()) {
        return "{}";
      }
      if (v.isArray()) {
        return "[]";
      }
      if (v.isNull()) {
        return "null";
      }
      if (v.isBoolean() || v.isNumber()) {
        return v.asString();
      }
      String s = v.asString();
      return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(java.util.Locale.ROOT)) ? s : quoted(s);
    }

    private static String quoted(String s) {
      StringBuilder b = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"' -> b.append("\\\"");
          case '\\' -> b.append("\\\\");
          case '\n' -> b.append("\\n");
          case '\t' -> b.append("\\t");
          default -> {
            if (c < 0x20) {
              b.append(String.format("\\x%02x", (int) c));
            } else {
              b.append(c);
            }
          }
        }
      }
      return b.append('"').toString();
    }
  }

  @FunctionalInterface
  private interface Body {
    void write(Message m);
  }

  private static byte[] message(Body body) {
    Message m = new Message();
    body.write(m);
    return m.bytes();
  }

  /**
   * A message being written. Nested messages are written to their own buffer first, since a length-delimited field
   * needs its length up front; proto3 leaves out empty strings and false, so these are skipped too.
   */
  private static final class Message {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    void string(int field, String value) {
      if (value != null && !value.isEmpty()) {
        run(() -> out.writeString(field, value));
      }
    }

    void bool(int field, boolean value) {
      if (value) {
        run(() -> out.writeBool(field, true));
      }
    }

    /** A nested message; written even when empty, as gnostic writes present but empty objects. */
    void message(int field, Body body) {
      byte[] bytes = GnosticV2.message(body);
      run(() -> out.writeByteArray(field, bytes));
    }

    byte[] bytes() {
      run(out::flush);
      return buffer.toByteArray();
    }

    private void run(IoAction action) {
      try {
        action.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @FunctionalInterface
  private interface IoAction {
    void run() throws IOException;
  }
}
