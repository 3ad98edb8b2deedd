package dev.capstan.server.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The strict-decoding findings upstream's field validation test expects for a Deployment body. */
class FieldProblemsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String META = """
      {"type":"object","properties":{"name":{"type":"string"},
        "labels":{"type":"object","additionalProperties":{"type":"string"}}}}""";

  static final Schema DEPLOYMENT = OpenApiSchemas.parse(JSON.readTree("""
      {"type":"object","properties":{
        "apiVersion":{"type":"string"},"kind":{"type":"string"},"metadata":%s,
        "spec":{"type":"object","properties":{
          "paused":{"type":"boolean"},
          "selector":{"type":"object","properties":{"matchLabels":{"type":"object","additionalProperties":{"type":"string"}}}},
          "template":{"type":"object","properties":{"metadata":%s,"spec":{"type":"object","properties":{
            "containers":{"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"image":{"type":"string"},"imagePullPolicy":{"type":"string"}}}}}}}}}}}}
      """.formatted(META, META)));

  private static final String BODY = """
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"a","name":"b","unknownMeta":"x","labels":{"app":"nginx"}},
       "spec":{"unknown1":"val1","unknownDupe":"valDupe","unknownDupe":"valDupe2","paused":true,"paused":false,
         "selector":{"matchLabels":{"app":"nginx"}},
         "template":{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx",
           "image":"nginx:latest","unknownNested":"val1","imagePullPolicy":"Always","imagePullPolicy":"Never"}]}}}}
      """;

  @Test
  void aCreatedObjectReportsDuplicatesAndUnknownFieldsInDocumentOrder() {
    try (JsonParser p = JSON.createParser(BODY)) {
      assertEquals(List.of("duplicate field \"metadata.name\"", "unknown field \"metadata.unknownMeta\"",
          "unknown field \"spec.unknown1\"", "unknown field \"spec.unknownDupe\"", "duplicate field \"spec.paused\"",
          "unknown field \"spec.template.spec.containers[0].unknownNested\"",
          "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\""),
          FieldProblems.inDocument(p, DEPLOYMENT));
    }
  }

  @Test
  void withoutASchemaOnlyRepeatedKeysAreFound() {
    try (JsonParser p = JSON.createParser(BODY)) {
      assertEquals(List.of("duplicate field \"metadata.name\"", "duplicate field \"spec.unknownDupe\"",
          "duplicate field \"spec.paused\"", "duplicate field \"spec.template.spec.containers[0].imagePullPolicy\""),
          FieldProblems.inDocument(p, null));
    }
  }

  @Test
  void pruningDropsUnknownFieldsAndReportsThemInSortedOrder() {
    ObjectNode object = (ObjectNode) JSON.readTree(BODY);
    assertEquals(List.of("unknown field \"metadata.unknownMeta\"",
        "unknown field \"spec.template.spec.containers[0].unknownNested\"", "unknown field \"spec.unknown1\"",
        "unknown field \"spec.unknownDupe\""), FieldProblems.prune(object, DEPLOYMENT));
    assertFalse(object.path("spec").has("unknown1"));
    assertFalse(object.path("spec").path("template").path("spec").path("containers").get(0).has("unknownNested"));
    assertEquals("nginx", object.path("metadata").path("labels").path("app").asString(), "map keys are not fields");
  }

  @Test
  void repeatedYamlKeysNameTheirLine() {
    String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n  name: b\nspec:\n  paused: true\n"
        + "  paused: false\n";
    try (JsonParser p = YAMLMapper.builder().build().createParser(yaml)) {
      assertEquals(List.of("line 5: key \"name\" already set in map", "line 8: key \"paused\" already set in map"),
          FieldProblems.yamlDuplicates(p));
    }
  }

  @Test
  void preservedAndFreeFormFieldsAreNotUnknown() {
    Schema schema = OpenApiSchemas.parse(JSON.readTree("""
        {"type":"object","properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
          "raw":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"a":{"type":"string"}}}}}"""));
    ObjectNode object = (ObjectNode) JSON.readTree("{\"spec\":{\"anything\":{\"x\":1}},\"raw\":{\"a\":\"1\",\"b\":2}}");
    assertEquals(List.of(), FieldProblems.prune(object, schema));
    assertEquals(2, object.path("raw").size());
  }
}
