package dev.capstan.server.handlers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import dev.capstan.server.schema.OpenApiSchemas;
import dev.capstan.server.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class PatchesTest {
  /** A Pod as upstream publishes it, cut to the containers list: list-type map, merged by name. */
  private static final Schema POD = OpenApiSchemas.parse(json("""
      {'type':'object','properties':{'spec':{'type':'object','properties':{'containers':{'type':'array',
        'items':{'type':'object','properties':{'name':{'type':'string'},'image':{'type':'string'}}},
        'x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['name'],
        'x-kubernetes-patch-strategy':'merge','x-kubernetes-patch-merge-key':'name'}}}}}"""));

  private static JsonNode json(String singleQuoted) {
    return Encoding.JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  private static byte[] body(String singleQuoted) {
    return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  private static KubeObject pod() {
    return KubeObject.wrap((ObjectNode) json(
        "{'spec':{'containers':[{'name':'app','image':'a:1'},{'name':'side','image':'s:1'}]}}"));
  }

  @Test
  void strategicMergeUpdatesOneContainerByName() {
    // What kubectl set image sends.
    KubeObject out = Patches.parse(Patches.STRATEGIC, body("{'spec':{'containers':[{'name':'app','image':'a:2'}]}}"),
        Optional.of(POD)).apply(pod());
    assertThat(out.node()).isEqualTo(json(
        "{'spec':{'containers':[{'name':'app','image':'a:2'},{'name':'side','image':'s:1'}]}}"));
  }

  @Test
  void mergePatchStillReplacesTheList() {
    KubeObject out = Patches.parse(Patches.MERGE, body("{'spec':{'containers':[{'name':'app','image':'a:2'}]}}"),
        Optional.of(POD)).apply(pod());
    assertThat(out.node()).isEqualTo(json("{'spec':{'containers':[{'name':'app','image':'a:2'}]}}"));
  }

  @Test
  void strategicMergeForAKindWithoutSchemaIsUnsupportedAsForCustomResources() {
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> Patches.parse(Patches.STRATEGIC + "; charset=utf-8", body("{}"), Optional.empty()));
    assertThat(e.code()).isEqualTo(415);
    assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
    assertThat(e.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted media types "
        + "include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
  }

  @Test
  void strategicMergeBodyMustDecodeIntoAMap() {
    ApiException e = catchThrowableOfType(ApiException.class,
        () -> Patches.parse(Patches.STRATEGIC, body("[1]"), Optional.of(POD)));
    assertThat(e.code()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("json: cannot unmarshal array into Go value of type map[string]interface {}");
    assertThat(Patches.parse(Patches.STRATEGIC, body("null"), Optional.of(POD)).apply(pod()).node())
        .isEqualTo(pod().node());
    assertThat(catchThrowableOfType(ApiException.class,
        () -> Patches.parse(Patches.STRATEGIC, new byte[0], Optional.of(POD))).getMessage())
        .isEqualTo("unexpected end of JSON input");
  }

  @Test
  void strategicMergeErrorsSurfaceWhenApplied() {
    Patches.Patch patch = Patches.parse(Patches.STRATEGIC, body("{'spec':{'containers':[{'image':'x'}]}}"),
        Optional.of(POD));
    ApiException e = catchThrowableOfType(ApiException.class, () -> patch.apply(pod()));
    assertThat(e.code()).isEqualTo(500);
    assertThat(e.getMessage()).isEqualTo("map: map[image:x] does not contain declared merge key: name");
  }
}
