package dev.capstan.server.registry.apiextensions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's CRD validation cases (apiextensions validation_test.go and friends), as input and expected message. */
class CrdValidationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String OBJECT = "{\"type\":\"object\"}";

  @Test
  void aWellFormedCrdPasses() {
    assertThat(create(crd(OBJECT, ""))).isEmpty();
    assertThat(create(crd("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "replicas":{"type":"integer","default":1},
          "ports":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
            "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}},
          "port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]},
          "raw":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
          "metadata":{"type":"object","properties":{"name":{"type":"string","maxLength":20}}}}}""",
        ",\"subresources\":{\"status\":{},\"scale\":{\"specReplicasPath\":\".spec.replicas\","
            + "\"statusReplicasPath\":\".status.replicas\"}}"))).isEmpty();
  }

  @Test
  void everyVersionNeedsASchema() {
    KubeObject crd = crd(OBJECT, "");
    ((ObjectNode) crd.node().path("spec").path("versions").get(0)).remove("schema");
    assertThat(messages(create(crd))).containsExactly(
        "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required");
  }

  @Test
  void sharedSchemasReportAtTheTopLevelAndDifferingOnesPerVersion() {
    String bad = "{\"type\":\"object\",\"properties\":{\"a\":{}}}";
    assertThat(messages(create(crd(bad, "")))).containsExactly(
        "spec.validation.openAPIV3Schema.properties[a].type: Required value: must not be empty for specified "
            + "object fields");
    KubeObject two = crd(bad, "");
    ArrayNodeHelper.addVersion(two, "v2", OBJECT);
    assertThat(messages(create(two))).containsExactly(
        "spec.versions[0].schema.openAPIV3Schema.properties[a].type: Required value: must not be empty for "
            + "specified object fields");
  }

  @Test
  void structuralRules() {
    assertThat(schemaErrors("{\"type\":\"string\"}")).containsExactly(
        "spec.validation.openAPIV3Schema.type: Invalid value: \"string\": must be object at the root");
    assertThat(schemaErrors("{\"type\":\"object\",\"properties\":{\"l\":{\"type\":\"array\"}}}")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[l].items: Required value: must be specified");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"a":{"type":"string"}},
         "anyOf":[{"type":"object","description":"x","properties":{"b":{"maxLength":1}}}]}""")).containsExactly(
        "spec.validation.openAPIV3Schema.anyOf[0].description: Forbidden: must be empty to be structural",
        "spec.validation.openAPIV3Schema.anyOf[0].type: Forbidden: must be empty to be structural",
        "spec.validation.openAPIV3Schema.properties[b]: Required value: because it is defined in "
            + "spec.validation.openAPIV3Schema.anyOf[0].properties[b]");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"metadata":{"type":"object","properties":{"labels":{"type":"object"}}}}}"""))
        .containsExactly("spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify "
            + "anything other than name and generateName, but metadata is implicitly specified");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"e":{"type":"object","x-kubernetes-embedded-resource":true}}}"""))
        .containsExactly("spec.validation.openAPIV3Schema.properties[e].properties: Required value: must not be "
            + "empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"i":{"x-kubernetes-int-or-string":true,
          "x-kubernetes-preserve-unknown-fields":true}}}""")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[i].x-kubernetes-preserve-unknown-fields: Invalid value: true: "
            + "must be false if x-kubernetes-int-or-string is true");
    assertThat(schemaErrors("{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"pattern\":\"[a\"}}}"))
        .containsExactly("spec.validation.openAPIV3Schema.properties[p].pattern: Invalid value: \"[a\": must be a "
            + "valid regular expression, but isn't: error parsing regexp: missing closing ]: `[a`");
  }

  @Test
  void unsupportedKeywords() {
    assertThat(schemaErrors("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/b\"}}}"))
        .as("a schema that cannot be made structural is not checked for structure")
        .containsExactly("spec.validation.openAPIV3Schema.properties[a].$ref: Forbidden: $ref is not supported");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"a":{"type":"array","uniqueItems":true,"items":{"type":"string"}}}}"""))
        .containsExactly("spec.validation.openAPIV3Schema.properties[a].uniqueItems: Forbidden: uniqueItems cannot "
            + "be set to true since the runtime complexity becomes quadratic");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"a":{"type":"object","properties":{"x":{"type":"string"}},
          "additionalProperties":{"type":"string"}}}}""")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[a].additionalProperties: Forbidden: additionalProperties and "
            + "properties are mutual exclusive");
    assertThat(schemaErrors("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"foo\"}}}")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[a].type: Unsupported value: \"foo\": supported values: "
            + "\"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"");
    assertThat(schemaErrors("{\"type\":\"object\",\"nullable\":true}")).containsExactly(
        "spec.validation.openAPIV3Schema.nullable: Forbidden: nullable cannot be true at the root");
    assertThat(schemaErrors("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\","
        + "\"x-kubernetes-preserve-unknown-fields\":false}}}")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[a].x-kubernetes-preserve-unknown-fields: Invalid value: false: "
            + "must be true or undefined");
  }

  @Test
  void listAndMapTypes() {
    assertThat(schemaErrors("""
        {"type":"object","properties":{"l":{"type":"array","x-kubernetes-list-type":"map",
          "items":{"type":"object","properties":{"k":{"type":"string"}}}}}}""")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[l].x-kubernetes-list-map-keys: Required value: must not be "
            + "empty if x-kubernetes-list-type is map");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"l":{"type":"array","x-kubernetes-list-type":"map",
          "x-kubernetes-list-map-keys":["k","z"],"items":{"type":"object","properties":{"k":{"type":"string"}}}}}}"""))
        .containsExactly("spec.validation.openAPIV3Schema.properties[l].x-kubernetes-list-map-keys: Invalid value: "
            + "[]string{\"k\", \"z\"}: entries must all be names of item properties",
            "spec.validation.openAPIV3Schema.properties[l].items.properties[k].default: Required value: this "
                + "property is in x-kubernetes-list-map-keys, so it must have a default or be a required property");
    assertThat(schemaErrors("""
        {"type":"object","properties":{"m":{"type":"string","x-kubernetes-map-type":"atomic"},
          "s":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"object"}},
          "t":{"type":"array","x-kubernetes-list-type":"bag","items":{"type":"string"}}}}""")).containsExactly(
        "spec.validation.openAPIV3Schema.properties[m].type: Invalid value: \"string\": must be object if "
            + "x-kubernetes-map-type is specified",
        "spec.validation.openAPIV3Schema.properties[s].items.x-kubernetes-map-type: Invalid value: null: must be "
            + "atomic as item of a list with x-kubernetes-list-type=set",
        "spec.validation.openAPIV3Schema.properties[t].x-kubernetes-list-type: Unsupported value: \"bag\": "
            + "supported values: \"atomic\", \"set\", \"map\"");
  }

  @Test
  void defaults() {
    assertThat(schemaErrors("""
        {"type":"object","properties":{"metadata":{"type":"object","default":{"name":"x"}},
          "spec":{"type":"object","properties":{"a":{"type":"string"}},"default":{"a":"x","b":1}}}}"""))
        .containsExactly("spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: "
            + "map[string]interface {}{\"a\":\"x\", \"b\":1}: must not have unknown fields",
            "spec.validation.openAPIV3Schema.properties[metadata].default: Forbidden: must not be set in top-level "
                + "metadata");
    SchemaHooks values = new SchemaHooks() {
      @Override
      public List<FieldError> validateDefault(JsonNode node, String path) {
        return List.of(FieldError.invalid(path + ".default", node.get("default").asString(), "checked"));
      }
    };
    assertThat(messages(CrdValidation.validateCreate(crd("""
        {"type":"object","properties":{"a":{"type":"string","default":"x"}}}""", ""), values))).containsExactly(
        "spec.validation.openAPIV3Schema.properties[a].default: Invalid value: \"x\": checked");
    KubeObject preserve = crd("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"default\":\"x\"}}}",
        "");
    ((ObjectNode) preserve.node().path("spec")).put("preserveUnknownFields", true);
    assertThat(messages(create(preserve))).containsExactly(
        "spec.preserveUnknownFields: Invalid value: true: must be false in order to use defaults in the schema",
        "spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-"
            + "fields to true in spec.versions[*].schema instead");
  }

  @Test
  void ruleShapesAndTheCelSeam() {
    assertThat(schemaErrors("""
        {"type":"object","x-kubernetes-validations":[{"rule":" "},{"rule":"self.a","message":"two\\nlines"},
          {"rule":"self.a","reason":"Nope"},{"rule":"self.a","fieldPath":".nope"}],
         "properties":{"a":{"type":"string"}}}""")).containsExactly(
        "spec.validation.openAPIV3Schema.x-kubernetes-validations[0].rule: Required value: rule is not specified",
        "spec.validation.openAPIV3Schema.x-kubernetes-validations[1].message: Invalid value: \"two\\nlines\": "
            + "message must not contain line breaks",
        "spec.validation.openAPIV3Schema.x-kubernetes-validations[2].reason: Unsupported value: \"Nope\": supported "
            + "values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", "
            + "\"FieldValueRequired\"",
        "spec.validation.openAPIV3Schema.x-kubernetes-validations[3].fieldPath: Invalid value: \".nope\": "
            + "fieldPath must be a valid path");

    List<String> compiled = new ArrayList<>();
    SchemaHooks cel = new SchemaHooks() {
      @Override
      public List<FieldError> compileRules(JsonNode root, JsonNode node, String path, boolean preexisting) {
        compiled.add(path);
        return List.of(FieldError.invalid(path + ".x-kubernetes-validations[0].rule", "self.x", "compile error"));
      }
    };
    String schema = """
        {"type":"object","properties":{"spec":{"type":"object","x-kubernetes-validations":[{"rule":"self.x"}],
          "properties":{"x":{"type":"integer"}}}}}""";
    assertThat(messages(CrdValidation.validateCreate(crd(schema, ""), cel))).containsExactly(
        "spec.validation.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: "
            + "\"self.x\": compile error");
    compiled.clear();
    CrdValidation.validateCreate(crd(schema.replace("\"integer\"}", "\"integer\",\"uniqueItems\":true}"), ""), cel);
    assertThat(compiled).as("no compilation over a subtree with schema errors").isEmpty();
  }

  @Test
  void statusSubresourceRestrictsTheRoot() {
    assertThat(messages(create(crd("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}",
        ",\"subresources\":{\"status\":{}}")))).first().asString().startsWith(
        "spec.validation.openAPIV3Schema: Invalid value: apiextensions.JSONSchemaProps{...}: only [Description "
            + "Type Format Title Maximum");
  }

  @Test
  void printerColumnsScaleAndSelectableFields() {
    assertThat(messages(create(crd("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{"color":{"type":"string"},
          "size":{"type":"object"}}}}}""", """
        ,"additionalPrinterColumns":[{"name":"","type":"time","format":"uuid","jsonPath":"spec.x"}],
         "subresources":{"scale":{"specReplicasPath":".status.replicas","statusReplicasPath":"",
           "labelSelectorPath":".metadata.labels"}},
         "selectableFields":[{"jsonPath":".spec.color"},{"jsonPath":".spec.color"},{"jsonPath":".spec.size"},
           {"jsonPath":".spec.nope"},{"jsonPath":"spec.color"},{"jsonPath":""}]""")))).containsExactly(
        "spec.subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": should be a json path "
            + "under .spec",
        "spec.subresources.scale.statusReplicasPath: Required value",
        "spec.subresources.scale.labelSelectorPath: Invalid value: \".metadata.labels\": should be a json path "
            + "under either .spec or .status",
        "spec.additionalPrinterColumns[0].name: Required value",
        "spec.additionalPrinterColumns[0].type: Invalid value: \"time\": must be one of "
            + "boolean,date,integer,number,string",
        "spec.additionalPrinterColumns[0].format: Invalid value: \"uuid\": must be one of "
            + "byte,date,date-time,double,float,int32,int64,password",
        "spec.additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.x\": must be a simple json path "
            + "starting with .",
        "spec.selectableFields[1].jsonPath: Duplicate value: \".spec.color\"",
        "spec.selectableFields[2].jsonPath: Invalid value: \".spec.size\": must point to a field of type string, "
            + "boolean or integer. Enum string fields and strings with formats are allowed.",
        "spec.selectableFields[3].jsonPath: Invalid value: \".spec.nope\": is an invalid path: does not refer to "
            + "a valid field",
        "spec.selectableFields[4].jsonPath: Invalid value: \"spec.color\": is an invalid path: expected [ or . "
            + "but got: spec",
        "spec.selectableFields[5].jsonPath: Required value");
  }

  @Test
  void conversion() {
    assertThat(conversionErrors("{\"strategy\":\"Magic\"}")).containsExactly(
        "spec.conversion.strategy: Unsupported value: \"Magic\": supported values: \"None\", \"Webhook\"");
    assertThat(conversionErrors("{\"strategy\":\"Webhook\"}")).containsExactly(
        "spec.conversion.webhookClientConfig: Required value: required when strategy is set to Webhook",
        "spec.conversion.conversionReviewVersions: Required value");
    assertThat(conversionErrors("""
        {"strategy":"Webhook","webhook":{"conversionReviewVersions":["v1","v1"],
          "clientConfig":{"url":"https://a.example.com/convert","service":{"name":"s","namespace":"n"}}}}"""))
        .containsExactly("spec.conversion.webhookClientConfig: Required value: exactly one of url or service is "
            + "required", "spec.conversion.conversionReviewVersions[1]: Invalid value: \"v1\": duplicate version");
    assertThat(conversionErrors("""
        {"strategy":"Webhook","webhook":{"conversionReviewVersions":["v2"],
          "clientConfig":{"service":{"name":"s","namespace":"n","port":0}}}}""")).containsExactly(
        "spec.conversion.webhookClientConfig.service.port: Invalid value: 0: port is not valid: must be between 1 "
            + "and 65535, inclusive",
        "spec.conversion.conversionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of "
            + "v1, v1beta1");
    assertThat(conversionErrors("""
        {"strategy":"Webhook","webhook":{"conversionReviewVersions":["v1"],
          "clientConfig":{"url":"http://a.example.com/convert?x=1"}}}""")).containsExactly(
        "spec.conversion.webhookClientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; "
            + "desired format: https://host[/path]",
        "spec.conversion.webhookClientConfig.url: Invalid value: \"x=1\": query parameters are not permitted in "
            + "the URL");
    assertThat(conversionErrors("""
        {"strategy":"None","webhook":{"conversionReviewVersions":["v1"],
          "clientConfig":{"url":"https://a.example.com"}}}""")).containsExactly(
        "spec.conversion.webhookClientConfig: Forbidden: should not be set when strategy is not set to Webhook",
        "spec.conversion.conversionReviewVersions: Forbidden: should not be set when strategy is not set to "
            + "Webhook");
  }

  @Test
  void versionsAndDeprecation() {
    KubeObject crd = crd(OBJECT, ",\"deprecationWarning\":\"\"");
    ArrayNodeHelper.addVersion(crd, "v2", OBJECT);
    ((ObjectNode) crd.node().path("spec").path("versions").get(1)).put("deprecated", true)
        .put("deprecationWarning", "bad\u0007");
    assertThat(messages(create(crd))).containsExactly(
        "spec.versions[0].deprecationWarning: Invalid value: \"\": can only be set for deprecated versions",
        "spec.versions[1].deprecationWarning: Invalid value: \"bad\\a\": must only contain printable UTF-8 "
            + "characters; non-printable character found at index 3");
  }

  @Test
  void storedVersionsAndUpdates() {
    KubeObject old = crd(OBJECT, "");
    KubeObject updated = crd(OBJECT, "");
    ObjectNode spec = (ObjectNode) updated.node().path("spec");
    ((ObjectNode) spec.path("versions").get(0)).put("name", "v2");
    spec.put("scope", "Cluster");
    ((ObjectNode) updated.node().path("status")).putArray("storedVersions").add("v1");
    assertThat(messages(CrdValidation.validateUpdate(updated, old, SchemaHooks.NONE))).containsExactly(
        "status.storedVersions: Invalid value: []string{\"v1\"}: must have the storage version v2",
        "status.storedVersions[0]: Invalid value: \"v1\": missing from spec.versions; v1 was previously a storage "
            + "version, and must remain in spec.versions until a storage migration ensures no data remains "
            + "persisted in v1 and removes v1 from status.storedVersions");
    ((ObjectNode) old.node().path("status")).putArray("conditions").addObject().put("type", "Established")
        .put("status", "True");
    ((ObjectNode) spec.path("versions").get(0)).put("name", "v1");
    assertThat(messages(CrdValidation.validateUpdate(updated, old, SchemaHooks.NONE))).containsExactly(
        "spec.scope: Invalid value: \"Cluster\": field is immutable");
  }

  @Test
  void updatesDoNotTightenRulesTheStoredCrdAlreadyBroke() {
    KubeObject stored = crd("""
        {"type":"object","properties":{"a":{"type":"foo"},
          "s":{"type":"array","x-kubernetes-list-type":"set","items":{"type":"object"}}}}""", "");
    assertThat(create(stored)).hasSize(2);
    assertThat(CrdValidation.validateUpdate(stored, stored, SchemaHooks.NONE)).isEmpty();
    assertThat(messages(CrdValidation.validateUpdate(stored, crd(OBJECT, ""), SchemaHooks.NONE))).containsExactly(
        "spec.validation.openAPIV3Schema.properties[a].type: Unsupported value: \"foo\": supported values: "
            + "\"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"",
        "spec.validation.openAPIV3Schema.properties[s].items.x-kubernetes-map-type: Invalid value: null: must be "
            + "atomic as item of a list with x-kubernetes-list-type=set");
  }

  @Test
  void protectedGroupsNeedApproval() {
    KubeObject crd = crd(OBJECT, "");
    ((ObjectNode) crd.node().path("spec")).put("group", "widgets.k8s.io");
    ((ObjectNode) crd.node().path("metadata")).put("name", "widgets.widgets.k8s.io");
    assertThat(messages(create(crd))).containsExactly("metadata.annotations[api-approved.kubernetes.io]: Required "
        + "value: protected groups must have approval annotation \"api-approved.kubernetes.io\", see "
        + "https://github.com/kubernetes/enhancements/pull/1111");
    ((ObjectNode) crd.node().path("metadata")).putObject("annotations").put("api-approved.kubernetes.io",
        "unapproved, experimental");
    assertThat(create(crd)).isEmpty();
    ((ObjectNode) crd.node().path("metadata").path("annotations")).put("api-approved.kubernetes.io", "invalid");
    assertThat(messages(create(crd))).containsExactly("metadata.annotations[api-approved.kubernetes.io]: Invalid "
        + "value: \"invalid\": protected groups must have approval annotation \"api-approved.kubernetes.io\" with "
        + "either a URL or a reason starting with \"unapproved\", see "
        + "https://github.com/kubernetes/enhancements/pull/1111");
    assertThat(CrdValidation.validateUpdate(crd, crd, SchemaHooks.NONE)).as("an unchanged state is never rejected")
        .isEmpty();
    ((ObjectNode) crd.node().path("metadata").path("annotations")).put("api-approved.kubernetes.io",
        "https://github.com/kubernetes/kubernetes/pull/78458");
    assertThat(create(crd)).isEmpty();
  }

  private static List<String> schemaErrors(String schema) {
    return messages(create(crd(schema, "")));
  }

  private static List<String> conversionErrors(String conversion) {
    KubeObject crd = crd(OBJECT, "");
    ((ObjectNode) crd.node().path("spec")).set("conversion", JSON.readTree(conversion));
    return messages(create(crd));
  }

  private static List<FieldError> create(KubeObject crd) {
    return CrdValidation.validateCreate(crd, SchemaHooks.NONE);
  }

  private static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  /** A one-version CRD; {@code versionExtra} is spliced into the version object. */
  private static KubeObject crd(String schema, String versionExtra) {
    return KubeObject.wrap((ObjectNode) JSON.readTree("""
        {"metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Namespaced",
          "names":{"plural":"widgets","singular":"widget","kind":"Widget","listKind":"WidgetList"},
          "conversion":{"strategy":"None"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":%s}%s}]},
         "status":{"storedVersions":["v1"]}}""".formatted(schema, versionExtra)));
  }

  private static final class ArrayNodeHelper {
    static void addVersion(KubeObject crd, String name, String schema) {
      ObjectNode v = ((tools.jackson.databind.node.ArrayNode) crd.node().path("spec").path("versions")).addObject();
      v.put("name", name).put("served", true).put("storage", false);
      v.putObject("schema").set("openAPIV3Schema", JSON.readTree(schema));
    }
  }
}
