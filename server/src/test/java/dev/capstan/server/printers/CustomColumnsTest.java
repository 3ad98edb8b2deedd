package dev.capstan.server.printers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Upstream's tableconvertor_test.go cases and the CronTab example of the CRD documentation. */
class CustomColumnsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static final JsonNode CRONTAB_COLUMNS = JSON.readTree("""
      [{"name": "Spec", "type": "string", "description": "The cron spec defining the interval a CronJob is run",
        "jsonPath": ".spec.cronSpec"},
       {"name": "Replicas", "type": "integer", "description": "The number of jobs launched by the CronJob",
        "jsonPath": ".spec.replicas"},
       {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
       {"name": "Image", "type": "string", "jsonPath": ".spec.image", "priority": 1}]""");

  @Test
  void cronTabColumnsBecomeTheTableUpstreamServes() {
    CustomColumns columns = CustomColumns.of(CRONTAB_COLUMNS);
    KubeObject cron = object("""
        {"apiVersion": "stable.example.com/v1", "kind": "CronTab",
         "metadata": {"name": "my-new-cron-object", "creationTimestamp": "2026-11-29T11:59:53Z"},
         "spec": {"cronSpec": "* * * * */5", "image": "my-awesome-cron-image", "replicas": 1}}""");

    ObjectNode table = Tables.render(columns.columns(), columns.printer(), List.of(cron),
        Tables.IncludeObject.NONE, "7", "", NOW);

    assertThat(table.get("columnDefinitions").toString()).isEqualTo("["
        + "{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"description\":"
        + JSON.writeValueAsString(CustomColumns.NAME_DESCRIPTION) + ",\"priority\":0},"
        + "{\"name\":\"Spec\",\"type\":\"string\",\"format\":\"\","
        + "\"description\":\"The cron spec defining the interval a CronJob is run\",\"priority\":0},"
        + "{\"name\":\"Replicas\",\"type\":\"integer\",\"format\":\"\","
        + "\"description\":\"The number of jobs launched by the CronJob\",\"priority\":0},"
        + "{\"name\":\"Age\",\"type\":\"date\",\"format\":\"\",\"description\":"
        + "\"Custom resource definition column (in JSONPath format): .metadata.creationTimestamp\",\"priority\":0},"
        + "{\"name\":\"Image\",\"type\":\"string\",\"format\":\"\",\"description\":"
        + "\"Custom resource definition column (in JSONPath format): .spec.image\",\"priority\":1}]");
    assertThat(table.get("rows").toString())
        .isEqualTo("[{\"cells\":[\"my-new-cron-object\",\"* * * * */5\",1,\"7s\",\"my-awesome-cron-image\"]}]");
    assertThat(columns.problem()).isEmpty();
  }

  @Test
  void withoutPrinterColumnsAVersionShowsNameAndAge() {
    for (JsonNode none : Arrays.asList(null, JSON.readTree("[]"))) {
      CustomColumns columns = CustomColumns.of(none);
      assertThat(columns.columns()).containsExactly(
          new Tables.Column("Name", "string", "name", CustomColumns.NAME_DESCRIPTION, 0),
          new Tables.Column("Age", "date", "", CustomColumns.CREATION_TIMESTAMP_DESCRIPTION, 0));
      assertThat(columns.printer().cells(object("""
          {"metadata": {"name": "a", "creationTimestamp": "2026-11-28T12:00:00Z"}}"""), NOW))
          .containsExactly("a", "24h");
    }
    assertThat(CustomColumns.CREATION_TIMESTAMP_DESCRIPTION).startsWith("CreationTimestamp is a timestamp")
        .contains("in UTC.\n\nPopulated by the system.");
  }

  @Test
  void cellsConvertTheFirstValueByColumnType() {
    // upstream's Test_cellForJSONValue table, one column per type, fed the value at .v
    CustomColumns columns = CustomColumns.of(JSON.readTree("""
        [{"name": "i", "type": "integer", "jsonPath": ".v"}, {"name": "n", "type": "number", "jsonPath": ".v"},
         {"name": "b", "type": "boolean", "jsonPath": ".v"}, {"name": "s", "type": "string", "jsonPath": ".v"},
         {"name": "d", "type": "date", "jsonPath": ".v"}, {"name": "u", "type": "unknown", "jsonPath": ".v"}]"""));
    assertThat(cells(columns, "42")).containsExactly(42L, 42.0, null, "42", null, null);
    assertThat(cells(columns, "3.14")).containsExactly(3L, 3.14, null, "3.14", null, null);
    assertThat(cells(columns, "true")).containsExactly(null, null, true, "true", null, null);
    assertThat(cells(columns, "\"foo\"")).containsExactly(null, null, null, "foo", "<invalid>", null);
    assertThat(cells(columns, "\"2026-11-28T23:30:00Z\"")).containsExactly(null, null, null,
        "2026-11-28T23:30:00Z", "12h", null);
    assertThat(cells(columns, "\"2026-11-30T00:30:00Z\"")).element(4).isEqualTo("<invalid>");
    assertThat(cells(columns, "\"2026-11-29T13:00:00+02:00\"")).element(4).isEqualTo("60m");
    assertThat(cells(columns, "\"2026-11-29T11:59:59.5Z\"")).element(4).isEqualTo("0s");
    assertThat(cells(columns, "\"\"")).element(4).isEqualTo("<unknown>");
    // an explicit null prints as JSONPath prints nil; a missing field is no value at all
    assertThat(cells(columns, "null")).containsExactly(null, null, null, "<no value>", null, null);
    assertThat(columns.printer().cells(object("{\"metadata\": {\"name\": \"x\"}}"), NOW))
        .containsExactly("x", null, null, null, null, null, null);
    // maps and lists print as JSON in a string column and fit no other type
    assertThat(cells(columns, "{\"b\": 1, \"a\": [\"<x>\"]}"))
        .containsExactly(null, null, null, "{\"a\":[\"\\u003cx\\u003e\"],\"b\":1}", null, null);
    assertThat(cells(columns, "1e21")).element(3).isEqualTo("1e+21");
    assertThat(cells(columns, "1234567.0")).containsExactly(1234567L, 1234567.0, null, "1.234567e+06", null, null);
  }

  @Test
  void severalMatchesShowTheFirstAndPathsThatDoNotFitShowNothing() {
    // upstream's "additional column containing multiple values" objects
    JsonNode servers = JSON.readTree("""
        {"metadata": {"name": "blah"},
         "spec": {"servers": [{"hosts": ["foo"]}, {"hosts": ["bar", "baz"]}], "foo": [{"bar": [1]}, {"bar": [2, 3]}],
                  "conditions": [{"type": "Ready", "status": "True"}, {"type": "Synced", "status": "False"}]}}""");
    CustomColumns columns = CustomColumns.of(JSON.readTree("""
        [{"name": "valueOnly", "type": "string", "jsonPath": ".spec.servers[0].hosts[0]"},
         {"name": "single1", "type": "string", "jsonPath": ".spec.servers[0].hosts"},
         {"name": "single2", "type": "string", "jsonPath": ".spec.servers[1].hosts"},
         {"name": "multi", "type": "string", "jsonPath": ".spec.servers[*].hosts[*]"},
         {"name": "intOnly", "type": "integer", "jsonPath": ".spec.foo[0].bar[0]"},
         {"name": "intList", "type": "integer", "jsonPath": ".spec.foo[1].bar"},
         {"name": "ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\\"Ready\\")].status"},
         {"name": "synced", "type": "string", "jsonPath": ".spec.conditions[?(@.type==\\"Synced\\")].status"},
         {"name": "outOfRange", "type": "string", "jsonPath": ".spec.servers[5].hosts"},
         {"name": "notAList", "type": "string", "jsonPath": ".metadata.name[0]"}]"""));
    assertThat(columns.printer().cells(KubeObject.wrap((ObjectNode) servers), NOW)).containsExactly("blah", "foo",
        "[\"foo\"]", "[\"bar\",\"baz\"]", "foo", 1L, null, null, "False", null, null);
  }

  @Test
  void aColumnWhoseJsonPathDoesNotParseEndsTheColumns() {
    CustomColumns columns = CustomColumns.of(JSON.readTree("""
        [{"name": "Good", "type": "string", "jsonPath": ".spec.a"},
         {"name": "Bad", "type": "string", "jsonPath": ".spec[x"},
         {"name": "Later", "type": "string", "jsonPath": ".spec.b"}]"""));
    assertThat(columns.columns()).extracting(Tables.Column::name).containsExactly("Name", "Good");
    assertThat(columns.problem()).contains("unrecognized column definition \".spec[x\": unterminated array");
    assertThat(columns.printer().cells(object("{\"metadata\": {\"name\": \"n\"}, \"spec\": {\"a\": \"x\"}}"), NOW))
        .containsExactly("n", "x");
  }

  private static List<Object> cells(CustomColumns columns, String value) {
    List<Object> cells = new ArrayList<>(columns.printer().cells(object(
        "{\"metadata\": {\"name\": \"x\"}, \"v\": " + value + "}"), NOW));
    assertThat(cells.remove(0)).isEqualTo("x");
    return cells;
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
