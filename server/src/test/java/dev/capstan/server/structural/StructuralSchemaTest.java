package dev.capstan.server.structural;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.FieldError;
import dev.capstan.server.schema.BuiltinSchemas;
import dev.capstan.server.schema.FieldProblems;
import dev.capstan.server.schema.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Custom resources checked against their CRD schema as kube-apiserver 1.33 checks them: the messages a client
 * sees for each OpenAPI keyword, defaulting, null pruning, and pruning through the shared model.
 */
class StructuralSchemaTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The CronTab of the Kubernetes documentation, with the defaults its defaulting section adds. */
  private static final StructuralSchema CRONTAB = schema("""
      {"type":"object","properties":{
        "spec":{"type":"object","properties":{
          "cronSpec":{"type":"string","pattern":"^(\\\\d+|\\\\*)(/\\\\d+)?(\\\\s+(\\\\d+|\\\\*)(/\\\\d+)?){4}$",
            "default":"5 0 * * *"},
          "image":{"type":"string"},
          "replicas":{"type":"integer","minimum":1,"maximum":10,"default":1}}}}}""");

  private static StructuralSchema schema(String json) {
    return StructuralSchema.parse(JSON.readTree(json));
  }

  private static ObjectNode object(String json) {
    return (ObjectNode) JSON.readTree(json);
  }

  private static List<String> messages(StructuralSchema s, String object) {
    return s.validate(object(object)).stream().map(FieldError::message).toList();
  }

  /** The errors of {@code value} as field {@code spec.f} of a schema whose spec.f is {@code field}. */
  private static List<String> field(String field, String value) {
    return messages(schema("{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{"
        + "\"f\":" + field + "}}}}"), "{\"spec\":{\"f\":" + value + "}}");
  }

  @Test
  void theDocumentationsInvalidCronTabFailsOnPatternAndMaximum() {
    assertEquals(List.of(
        "spec.cronSpec: Invalid value: \"* * * *\": spec.cronSpec in body should match "
            + "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'",
        "spec.replicas: Invalid value: 15: spec.replicas in body should be less than or equal to 10"),
        messages(CRONTAB, """
            {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"my-new-cron-object"},
             "spec":{"cronSpec":"* * * *","image":"my-awesome-cron-image","replicas":15}}"""));
  }

  @Test
  void aValueOfTheWrongTypeNamesBothTypes() {
    assertEquals(List.of("spec.f: Invalid value: \"string\": spec.f in body must be of type integer: \"string\""),
        field("{\"type\":\"integer\"}", "\"3\""));
    assertEquals(List.of("spec.f: Invalid value: \"number\": spec.f in body must be of type integer: \"number\""),
        field("{\"type\":\"integer\"}", "1.5"));
    assertEquals(List.of("spec.f: Invalid value: \"integer\": spec.f in body must be of type string: \"integer\""),
        field("{\"type\":\"string\"}", "7"));
    assertEquals(List.of("spec.f: Invalid value: \"array\": spec.f in body must be of type object: \"array\""),
        field("{\"type\":\"object\"}", "[]"));
    assertEquals(List.of("spec.f: Invalid value: \"boolean\": spec.f in body must be of type integer,string: "
        + "\"boolean\""), field("{\"x-kubernetes-int-or-string\":true}", "true"));
    // A float holding an integer is an integer, and an integer is a number.
    assertEquals(List.of(), field("{\"type\":\"integer\"}", "2.0"));
    assertEquals(List.of(), field("{\"type\":\"number\"}", "2"));
    assertEquals(List.of(), field("{\"x-kubernetes-int-or-string\":true}", "\"80%\""));
  }

  @Test
  void nullIsATypeErrorUnlessNullable() {
    assertEquals(List.of("spec.f: Invalid value: \"null\": spec.f in body must be of type string: \"null\""),
        field("{\"type\":\"string\"}", "null"));
    assertEquals(List.of(), field("{\"type\":\"string\",\"nullable\":true}", "null"));
  }

  @Test
  void enumIsUnsupportedValueWithTheChoices() {
    assertEquals(List.of("spec.f: Unsupported value: \"c\": supported values: \"a\", \"b\""),
        field("{\"type\":\"string\",\"enum\":[\"a\",\"b\"]}", "\"c\""));
    assertEquals(List.of("spec.f: Unsupported value: 3: supported values: \"1\", \"2.5\""),
        field("{\"type\":\"number\",\"enum\":[1,2.5]}", "3"));
    assertEquals(List.of(), field("{\"type\":\"number\",\"enum\":[1,2.5]}", "1.0"));
  }

  @Test
  void stringLimitsStopAtTheFirstFailure() {
    assertEquals(List.of("spec.f: Too long: may not be more than 1 byte"),
        field("{\"type\":\"string\",\"maxLength\":1}", "\"ab\""));
    assertEquals(List.of("spec.f: Too long: may not be more than 3 bytes"),
        field("{\"type\":\"string\",\"maxLength\":3,\"pattern\":\"^[0-9]+$\"}", "\"abcd\""));
    assertEquals(List.of("spec.f: Invalid value: \"a\": spec.f in body should be at least 2 chars long"),
        field("{\"type\":\"string\",\"minLength\":2}", "\"a\""));
    // Length counts characters, not bytes.
    assertEquals(List.of(), field("{\"type\":\"string\",\"maxLength\":2}", "\"\u00e9\u00e9\""));
    assertEquals(List.of("spec.f: Invalid value: \"B\": spec.f in body should match '^[a-z]+$'"),
        field("{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}", "\"B\""));
    // A pattern matches anywhere unless anchored.
    assertEquals(List.of(), field("{\"type\":\"string\",\"pattern\":\"[a-z]\"}", "\"1a1\""));
  }

  @Test
  void numberLimitsUseTheValuesGoType() {
    assertEquals(List.of("spec.f: Invalid value: 0: spec.f in body should be greater than or equal to 1"),
        field("{\"type\":\"integer\",\"minimum\":1}", "0"));
    assertEquals(List.of("spec.f: Invalid value: 1: spec.f in body should be greater than 1"),
        field("{\"type\":\"integer\",\"minimum\":1,\"exclusiveMinimum\":true}", "1"));
    assertEquals(List.of("spec.f: Invalid value: 10: spec.f in body should be less than 10"),
        field("{\"type\":\"integer\",\"maximum\":10,\"exclusiveMaximum\":true}", "10"));
    assertEquals(List.of("spec.f: Invalid value: 2.5: spec.f in body should be less than or equal to 1.5"),
        field("{\"type\":\"number\",\"maximum\":1.5}", "2.5"));
    assertEquals(List.of("spec.f: Invalid value: 7: spec.f in body should be a multiple of 5"),
        field("{\"type\":\"integer\",\"multipleOf\":5}", "7"));
    assertEquals(List.of("spec.f: Invalid value: 0.3: spec.f in body should be a multiple of 0.25"),
        field("{\"type\":\"number\",\"multipleOf\":0.25}", "0.3"));
    assertEquals(List.of(), field("{\"type\":\"number\",\"multipleOf\":0.1}", "0.3"));
    // All three bounds are reported, multipleOf first.
    assertEquals(List.of("spec.f: Invalid value: 3: spec.f in body should be a multiple of 2",
        "spec.f: Invalid value: 3: spec.f in body should be greater than or equal to 4"),
        field("{\"type\":\"integer\",\"multipleOf\":2,\"minimum\":4}", "3"));
  }

  @Test
  void listLimits() {
    assertEquals(List.of("spec.f: Invalid value: 1: spec.f in body should have at least 2 items"),
        field("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":2}", "[\"a\"]"));
    assertEquals(List.of("spec.f: Too many: 3: must have at most 2 items"),
        field("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":2}", "[\"a\",\"b\",\"c\"]"));
    assertEquals(List.of("spec.f: Invalid value: \"\": spec.f in body shouldn't contain duplicates"),
        field("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"uniqueItems\":true}", "[\"a\",\"a\"]"));
    // Item errors come before the list's own.
    assertEquals(List.of("spec.f[1]: Invalid value: \"integer\": spec.f[1] in body must be of type string: "
        + "\"integer\"", "spec.f: Too many: 2: must have at most 1 item"),
        field("{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":1}", "[\"a\",1]"));
  }

  @Test
  void objectLimitsRequiredAndMaps() {
    assertEquals(List.of("spec.f: Invalid value: 1: spec.f in body should have at least 2 properties"),
        field("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},\"minProperties\":2}",
            "{\"a\":\"x\"}"));
    assertEquals(List.of("spec.f: Too many: 2: must have at most 1 item"),
        field("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"},\"maxProperties\":1}",
            "{\"a\":\"x\",\"b\":\"y\"}"));
    assertEquals(List.of("spec.f.b: Invalid value: \"integer\": spec.f.b in body must be of type string: "
        + "\"integer\""), field("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"string\"}}",
            "{\"a\":\"x\",\"b\":2}"));
    assertEquals(List.of("spec.f.name: Required value", "spec.f.port: Required value"),
        field("{\"type\":\"object\",\"required\":[\"name\",\"port\"],\"properties\":{\"name\":{\"type\":\"string\"},"
            + "\"port\":{\"type\":\"integer\"}}}", "{}"));
    assertEquals(List.of("spec: Required value"),
        messages(schema("{\"type\":\"object\",\"required\":[\"spec\"],\"properties\":{\"spec\":{\"type\":\"object\"}}}"),
            "{\"apiVersion\":\"a/v1\",\"kind\":\"A\"}"));
  }

  @Test
  void formatsUpstreamValidatesAndOnesItIgnores() {
    assertEquals(List.of("spec.f: Invalid value: \"nope\": spec.f in body must be of type uuid: \"nope\""),
        field("{\"type\":\"string\",\"format\":\"uuid\"}", "\"nope\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"uuid\"}",
        "\"0f8fad5b-d9cb-469f-a165-70867728950e\""));
    assertEquals(List.of("spec.f: Invalid value: \"2024-02-30\": spec.f in body must be of type date: "
        + "\"2024-02-30\""), field("{\"type\":\"string\",\"format\":\"date\"}", "\"2024-02-30\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"date-time\"}", "\"2024-02-29T10:00:00Z\""));
    assertEquals(List.of("spec.f: Invalid value: \"2024-02-29 10:00\": spec.f in body must be of type date-time: "
        + "\"2024-02-29 10:00\""), field("{\"type\":\"string\",\"format\":\"date-time\"}", "\"2024-02-29 10:00\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"ipv4\"}", "\"10.0.0.1\""));
    assertEquals(List.of("spec.f: Invalid value: \"10.0.0.01\": spec.f in body must be of type ipv4: "
        + "\"10.0.0.01\""), field("{\"type\":\"string\",\"format\":\"ipv4\"}", "\"10.0.0.01\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"ipv6\"}", "\"fd00::1\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"cidr\"}", "\"10.0.0.0/8\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"mac\"}", "\"00:1a:2b:3c:4d:5e\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"hostname\"}", "\"api.example.com\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"email\"}", "\"a@example.com\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"uri\"}", "\"https://example.com/a\""));
    assertEquals(List.of("spec.f: Invalid value: \"example.com\": spec.f in body must be of type uri: "
        + "\"example.com\""), field("{\"type\":\"string\",\"format\":\"uri\"}", "\"example.com\""));
    assertEquals(List.of("spec.f: Invalid value: \"a=\": spec.f in body must be of type byte: \"a=\""),
        field("{\"type\":\"string\",\"format\":\"byte\"}", "\"a=\""));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"duration\"}", "\"1h30m\""));
    // Numeric formats are not validated for custom resources.
    assertEquals(List.of(), field("{\"type\":\"integer\",\"format\":\"int32\"}", "9999999999"));
    assertEquals(List.of(), field("{\"type\":\"string\",\"format\":\"k8s-unknown\"}", "\"anything\""));
  }

  @Test
  void compositionKeywords() {
    String oneOf = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\"}},"
        + "\"oneOf\":[{\"required\":[\"a\"]},{\"required\":[\"b\"]}]}";
    assertEquals(List.of("Invalid value: \"\": \"spec.f\" must validate one and only one schema (oneOf). "
        + "Found none valid", "spec.f.a: Required value"), field(oneOf, "{}"));
    assertEquals(List.of("Invalid value: \"\": \"spec.f\" must validate one and only one schema (oneOf). "
        + "Found 2 valid alternatives"), field(oneOf, "{\"a\":\"x\",\"b\":\"y\"}"));
    assertEquals(List.of(), field(oneOf, "{\"b\":\"y\"}"));
    String anyOf = "{\"x-kubernetes-int-or-string\":true,\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}";
    assertEquals(List.of(), field(anyOf, "\"5\""));
    assertEquals(List.of("Invalid value: \"\": \"spec.f\" must validate at least one schema (anyOf)",
        "spec.f.a: Required value"),
        field("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},"
            + "\"anyOf\":[{\"required\":[\"a\"]}]}", "{}"));
    assertEquals(List.of("spec.f: Invalid value: 5: spec.f in body should be greater than or equal to 10",
        "Invalid value: \"\": \"spec.f\" must validate all the schemas (allOf). None validated"),
        field("{\"type\":\"integer\",\"allOf\":[{\"minimum\":10}]}", "5"));
    assertEquals(List.of("Invalid value: \"\": \"spec.f\" must not validate the schema (not)"),
        field("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"not\":{\"required\":[\"a\"]}}",
            "{\"a\":\"x\"}"));
  }

  @Test
  void statusWritesNameFieldsRelativeToTheStatusSchema() {
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object"},"status":{"type":"object","required":["phase"],
          "properties":{"replicas":{"type":"integer"},"phase":{"type":"string"}}}}}""");
    assertEquals(List.of("status.replicas: Invalid value: \"string\": replicas in body must be of type integer: "
        + "\"string\"", "status.phase: Required value"),
        s.validateStatus(object("{\"spec\":{\"x\":1},\"status\":{\"replicas\":\"3\"}}"), null).stream()
            .map(FieldError::message).toList());
    assertEquals(List.of("status: Invalid value: \"string\":  in body must be of type object: \"string\""),
        s.validateStatus(object("{\"status\":\"x\"}"), null).stream().map(FieldError::message).toList());
    assertEquals(List.of(), s.validateStatus(object("{\"spec\":{}}"), null));
    // An unchanged invalid value does not block the next status write.
    assertEquals(List.of("status.phase: Invalid value: \"integer\": phase in body must be of type string: "
        + "\"integer\""), s.validateStatus(object("{\"status\":{\"replicas\":\"3\",\"phase\":5}}"),
        object("{\"status\":{\"replicas\":\"3\"}}")).stream().map(FieldError::message).toList());
  }

  @Test
  void updatesRatchetUnchangedInvalidValues() {
    StructuralSchema s = schema("""
        {"type":"object","properties":{"metadata":{"type":"object","properties":{"name":{"type":"string",
          "maxLength":3}}},"spec":{"type":"object","properties":{
          "a":{"type":"string","maxLength":3},"b":{"type":"string","maxLength":3},
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
            "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer","maximum":100}}}},
          "plain":{"type":"array","items":{"type":"integer","maximum":100}}}}}}""");
    ObjectNode old = object("""
        {"metadata":{"name":"long"},"spec":{"a":"long","b":"ok","ports":[{"name":"x","port":200}],"plain":[200]}}""");
    // The schema was tightened after "long" and 200 were stored: unchanged values pass, changed ones fail; the
    // root's metadata is never ratcheted, and items of an atomic list that changed are not matched to old ones.
    ObjectNode updated = object("""
        {"metadata":{"name":"long"},"spec":{"a":"long","b":"longer","ports":[{"name":"y","port":1},
          {"name":"x","port":200}],"plain":[200,5]}}""");
    assertEquals(List.of("metadata.name: Too long: may not be more than 3 bytes",
        "spec.b: Too long: may not be more than 3 bytes",
        "spec.plain[0]: Invalid value: 200: spec.plain[0] in body should be less than or equal to 100"),
        s.validateUpdate(updated, old).stream().map(FieldError::message).toList());
    assertEquals(5, s.validate(updated).size(), "without an old object every invalid value counts");
    // Reordering a map list changes nothing, so even its own limits are not checked again.
    StructuralSchema limited = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "ports":{"type":"array","maxItems":1,"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
            "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"}}}}}}}}""");
    ObjectNode reordered = object("""
        {"spec":{"ports":[{"name":"b","port":200},{"name":"a","port":300}]}}""");
    assertEquals(List.of(), limited.validateUpdate(reordered, object("""
        {"spec":{"ports":[{"name":"a","port":300},{"name":"b","port":200}]}}""")));
  }

  @Test
  void listTypeSetAndMapRejectRepeats() {
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "tags":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"string"}},
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
            "items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
          "routes":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["host","port"],
            "items":{"type":"object","properties":{"host":{"type":"string"},"port":{"type":"integer"}}}}}}}}""");
    assertEquals(List.of("spec.tags[2]: Duplicate value: \"a\"",
        "spec.ports[1]: Duplicate value: map[string]interface {}{\"name\":\"http\"}",
        "spec.routes[2]: Duplicate value: map[string]interface {}{\"host\":\"h\", \"port\":80}"),
        messages(s, """
            {"spec":{"tags":["a","b","a","a"],
              "ports":[{"name":"http","port":80},{"name":"http","port":81}],
              "routes":[{"host":"h","port":80},{"host":"h","port":81},{"port":80,"host":"h"}]}}"""));
  }

  @Test
  void embeddedResourcesNeedApiVersionAndKindAndValidMetadata() {
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "template":{"type":"object","x-kubernetes-embedded-resource":true,
            "x-kubernetes-preserve-unknown-fields":true}}}}}""");
    assertEquals(List.of("spec.template.apiVersion: Required value", "spec.template.kind: Required value"),
        messages(s, "{\"spec\":{\"template\":{\"metadata\":{\"name\":\"x\"}}}}"));
    assertEquals(List.of("spec.template.kind: Invalid value: \"Pod_\": may have mixed case, but should otherwise "
        + "match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
        + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex "
        + "used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"),
        messages(s, "{\"spec\":{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod_\"}}}"));
    assertEquals(List.of("spec.template.apiVersion: Invalid value: \"a/b/c\": unexpected GroupVersion string: a/b/c",
        "spec.template.metadata.name: Invalid value: \"a/b\": may not contain '/'"),
        messages(s, "{\"spec\":{\"template\":{\"apiVersion\":\"a/b/c\",\"kind\":\"Pod\","
            + "\"metadata\":{\"name\":\"a/b\"}}}}"));
    // Metadata that does not decode as ObjectMeta gets the decoder's own words.
    assertEquals(List.of("spec.template.metadata: Invalid value: \"x\": readObjectStart: expect { or n, but found \", "
        + "error found in #1 byte of ...|\"x\"|..., bigger context ...|\"x\"|..."),
        messages(s, "{\"spec\":{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":\"x\"}}}"));
    assertEquals(List.of("spec.template.metadata: Invalid value: map[string]interface {}{\"labels\":"
        + "map[string]interface {}{\"archive-strategy\":false}, \"name\":\"p\"}: v1.ObjectMeta.Labels: ReadString: "
        + "expects \" or n, but found f, error found in #10 byte of ...|trategy\":false},\"nam|..., bigger context "
        + "...|{\"labels\":{\"archive-strategy\":false},\"name\":\"p\"}|..."),
        messages(s, "{\"spec\":{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":"
            + "{\"name\":\"p\",\"labels\":{\"archive-strategy\":false}}}}}"));
    assertEquals(List.of(), messages(s, "{\"spec\":{\"template\":{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
        + "\"spec\":{\"anything\":1}}}}"));
  }

  @Test
  void decodingStopsAtTypeAndMetadataOfResourcesThatAreNotStrings() {
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "templates":{"type":"array","items":{"type":"object","x-kubernetes-embedded-resource":true,
            "x-kubernetes-preserve-unknown-fields":true}}}}}}""");
    assertEquals("v1.ObjectMeta.Name: ReadString: "
        + "expects \" or n, but found 1, error found in #9 byte of ...|{\"name\":1}|..., bigger context "
        + "...|{\"name\":1}|...",
        s.decodingError(object("{\"apiVersion\":\"a/v1\",\"kind\":\"K\",\"metadata\":{\"name\":1}}"))
            .orElseThrow());
    assertEquals("spec.templates[1].kind: Invalid value: 3: must be a string",
        s.decodingError(object("{\"kind\":\"K\",\"spec\":{\"templates\":[{\"kind\":\"Pod\"},{\"kind\":3}]}}"))
            .orElseThrow());
    assertTrue(s.decodingError(object("{\"kind\":\"K\",\"spec\":{\"templates\":[{\"kind\":\"Pod\"}]}}"))
        .isEmpty());
  }

  @Test
  void metadataMeetsOnlyWhatTheSchemaSays() {
    StructuralSchema s = schema("{\"type\":\"object\",\"properties\":{\"metadata\":{\"type\":\"object\","
        + "\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":5}}}}}");
    assertEquals(List.of("metadata.name: Too long: may not be more than 5 bytes"),
        messages(s, "{\"metadata\":{\"name\":\"abcdef\",\"namespace\":\"default\"}}"));
  }

  @Test
  void defaultsFillAbsentFieldsThenValidate() {
    ObjectNode o = object("{\"apiVersion\":\"stable.example.com/v1\",\"kind\":\"CronTab\","
        + "\"metadata\":{\"name\":\"c\"},\"spec\":{\"image\":\"my-awesome-cron-image\"}}");
    CRONTAB.applyDefaults(o);
    assertEquals(object("{\"image\":\"my-awesome-cron-image\",\"cronSpec\":\"5 0 * * *\",\"replicas\":1}"),
        o.get("spec"));
    assertEquals(List.of(), CRONTAB.validate(o));
    // A present value is kept, even when it then fails validation.
    ObjectNode bad = object("{\"spec\":{\"replicas\":0}}");
    CRONTAB.applyDefaults(bad);
    assertEquals(List.of("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1"),
        CRONTAB.validate(bad).stream().map(FieldError::message).toList());
  }

  @Test
  void defaultsReachNestedObjectsItemsAndMapValues() {
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","default":{},"properties":{
          "a":{"type":"object","default":{},"properties":{"b":{"type":"string","default":"B"}}},
          "list":{"type":"array","items":{"type":"object","properties":{"c":{"type":"integer","default":3}}}},
          "map":{"type":"object","additionalProperties":{"type":"object","properties":{
            "d":{"type":"boolean","default":true}}}}}}}}""");
    ObjectNode o = object("{\"spec\":{\"list\":[{},{\"c\":1}],\"map\":{\"x\":{},\"y\":{\"d\":false}}}}");
    s.applyDefaults(o);
    assertEquals(object("{\"spec\":{\"list\":[{\"c\":3},{\"c\":1}],\"map\":{\"x\":{\"d\":true},\"y\":{\"d\":false}},"
        + "\"a\":{\"b\":\"B\"}}}"), o);
    // A default object is itself defaulted further.
    ObjectNode empty = object("{}");
    s.applyDefaults(empty);
    assertEquals(object("{\"spec\":{\"a\":{\"b\":\"B\"}}}"), empty);
  }

  @Test
  void nullsArePrunedOrDefaultedUnlessNullable() {
    // The documentation's example: foo is defaulted, bar stays null, baz is dropped.
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "foo":{"type":"string","nullable":false,"default":"default"},
          "bar":{"type":"string","nullable":true},
          "baz":{"type":"string"}}}}}""");
    ObjectNode o = object("{\"spec\":{\"foo\":null,\"bar\":null,\"baz\":null}}");
    s.pruneNulls(o);
    s.applyDefaults(o);
    assertEquals(object("{\"spec\":{\"foo\":\"default\",\"bar\":null}}"), o);
    assertEquals(List.of(), s.validate(o));
  }

  @Test
  void modelPrunesUnknownFieldsWhereUpstreamDoes() {
    Schema objectMeta = BuiltinSchemas.create().kind("", "v1", "ConfigMap").orElseThrow().property("metadata");
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "image":{"type":"string"},
          "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
            "properties":{"known":{"type":"object","properties":{"k":{"type":"string"}}}}},
          "labels":{"type":"object","additionalProperties":{"type":"string"}},
          "nothing":{"type":"object"},
          "template":{"type":"object","x-kubernetes-embedded-resource":true,
            "x-kubernetes-preserve-unknown-fields":true}}}}}""");
    Schema model = s.model(objectMeta);
    ObjectNode o = object("""
        {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"c","bogus":1},
         "spec":{"image":"i","someRandomField":42,
           "free":{"anything":{"x":1},"known":{"k":"v","drop":true}},
           "labels":{"a":"b"},"nothing":{"gone":1},
           "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},"spec":{"kept":true}}},
         "status":{"x":1}}""");
    List<String> unknown = FieldProblems.prune(o, model);
    assertEquals(List.of("unknown field \"metadata.bogus\"", "unknown field \"spec.free.known.drop\"",
        "unknown field \"spec.nothing.gone\"", "unknown field \"spec.someRandomField\"",
        "unknown field \"spec.template.metadata.junk\"", "unknown field \"status\""), unknown);
    assertEquals(object("""
        {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"c"},
         "spec":{"image":"i","free":{"anything":{"x":1},"known":{"k":"v"}},"labels":{"a":"b"},"nothing":{},
           "template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"kept":true}}}}"""), o);
  }

  @Test
  void pruneReportsInUpstreamsOrder() {
    Schema objectMeta = BuiltinSchemas.create().kind("", "v1", "ConfigMap").orElseThrow().property("metadata");
    StructuralSchema s = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "a":{"type":"object","properties":{"x":{"type":"string"}}},
          "items":{"type":"array","items":{"type":"object","properties":{"x":{"type":"string"}}}},
          "template":{"type":"object","x-kubernetes-embedded-resource":true,
            "x-kubernetes-preserve-unknown-fields":true}}}}}""");
    ObjectNode o = object("""
        {"apiVersion":"v1","kind":"K","metadata":{"name":"n","zzz":1,"aaa":2},
         "spec":{"a":{"x":"1","y":2},"a-b":1,
           "items":[{},{},{"q":1},{},{},{},{},{},{},{},{"q":1}],
           "template":{"apiVersion":"v1","kind":"Pod","metadata":{"bad":1},"extra":{"kept":1}}}}""");
    // Pruned paths sort as strings (so "a-b" before "a.y", [10] before [2]), metadata ones follow.
    assertEquals(List.of("unknown field \"spec.a-b\"", "unknown field \"spec.a.y\"",
        "unknown field \"spec.items[10].q\"", "unknown field \"spec.items[2].q\"",
        "unknown field \"metadata.aaa\"", "unknown field \"metadata.zzz\"",
        "unknown field \"spec.template.metadata.bad\""), s.prune(o, objectMeta));
    assertEquals(object("""
        {"apiVersion":"v1","kind":"K","metadata":{"name":"n"},
         "spec":{"a":{"x":"1"},"items":[{},{},{},{},{},{},{},{},{},{},{}],
           "template":{"apiVersion":"v1","kind":"Pod","metadata":{},"extra":{"kept":1}}}}"""), o);
  }

  @Test
  void modelCarriesListMapAndIntOrStringFacts() {
    Schema objectMeta = Schema.builder(Schema.Type.OBJECT).build();
    Schema model = schema("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name","protocol"],
            "items":{"type":"object","properties":{"name":{"type":"string"},"protocol":{"type":"string"}}}},
          "port":{"x-kubernetes-int-or-string":true},
          "selector":{"type":"object","x-kubernetes-map-type":"atomic","properties":{"a":{"type":"string"}}},
          "replicas":{"type":"integer","format":"int32","default":1}}}}}""").model(objectMeta);
    Schema spec = model.property("spec");
    assertEquals(Schema.ListType.MAP, spec.property("ports").listType());
    assertEquals(List.of("name", "protocol"), spec.property("ports").listMapKeys());
    assertEquals(Schema.Type.INT_OR_STRING, spec.property("port").type());
    assertTrue(spec.property("selector").atomic());
    assertEquals("int32", spec.property("replicas").format());
    assertEquals(1, spec.property("replicas").defaultValue().asInt());
    assertEquals(Schema.Type.STRING, model.property("apiVersion").type());
    assertTrue(model.property("metadata") == objectMeta);
  }

  @Test
  void goValuesPrintAsUpstreamPrintsThem() {
    JsonNode v = JSON.readTree("{\"b\":[1,2.5,\"x\",null,true],\"a\":{}}");
    assertEquals("map[string]interface {}{\"a\":map[string]interface {}{}, \"b\":[]interface {}{1, 2.5, \"x\", "
        + "interface {}(nil), true}}", GoText.goSyntax(v));
    assertEquals("{\"a\":{},\"b\":[1,2.5,\"x\",null,true]}", GoText.json(v));
    assertEquals("1e+06", GoText.number(1e6));
  }
}
