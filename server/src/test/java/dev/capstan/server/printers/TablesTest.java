package dev.capstan.server.printers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class TablesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");

  @Test
  void rendersAMetaV1TableWithPartialObjectMetadataRows() {
    List<Tables.Column> columns = List.of(new Tables.Column("Name", "string", "name", "name", 0),
        new Tables.Column("Data", "integer", "", "entries", 0), new Tables.Column("Age", "string", "", "age", 0));
    Tables.RowPrinter printer = (o, now) -> List.of(o.name(), (long) o.node().path("data").size(),
        Ages.since(o.metadata().path("creationTimestamp").asString(""), now));
    ObjectNode table = Tables.render(columns, printer, List.of(cm("a", 2), cm("b", 0)), Tables.IncludeObject.METADATA,
        "42", "tok", NOW);

    assertThat(table.toString()).startsWith("{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\","
        + "\"metadata\":{\"resourceVersion\":\"42\",\"continue\":\"tok\"},\"columnDefinitions\":[{\"name\":\"Name\","
        + "\"type\":\"string\",\"format\":\"name\",\"description\":\"name\",\"priority\":0},");
    assertThat(table.get("rows").get(0).toString()).isEqualTo("{\"cells\":[\"a\",2,\"60m\"],\"object\":{\"kind\":"
        + "\"PartialObjectMetadata\",\"apiVersion\":\"meta.k8s.io/v1\",\"metadata\":{\"name\":\"a\","
        + "\"creationTimestamp\":\"2026-11-29T00:00:00Z\"}}}");
    assertThat(Tables.render(columns, printer, List.of(cm("a", 1)), Tables.IncludeObject.NONE, "", "", NOW)
        .get("rows").get(0).has("object")).isFalse();
    assertThat(Tables.render(Tables.DEFAULT_COLUMNS, Tables.DEFAULT_ROW, List.of(cm("a", 1)),
        Tables.IncludeObject.OBJECT, "", "", NOW).get("rows").get(0).toString())
        .startsWith("{\"cells\":[\"a\",\"2026-11-29T00:00:00Z\"],\"object\":{\"apiVersion\":\"v1\"");
  }

  @Test
  void includeObjectIsParsedAsUpstreamSpellsIt() {
    assertThat(Tables.IncludeObject.parse(null)).isEqualTo(Tables.IncludeObject.METADATA);
    assertThat(Tables.IncludeObject.parse("Object")).isEqualTo(Tables.IncludeObject.OBJECT);
    assertThatThrownBy(() -> Tables.IncludeObject.parse("Everything")).isInstanceOf(IllegalArgumentException.class);
  }

  private static KubeObject cm(String name, int entries) {
    ObjectNode node = JSON.createObjectNode();
    node.put("apiVersion", "v1").put("kind", "ConfigMap");
    node.putObject("metadata").put("name", name).put("creationTimestamp", "2026-11-29T00:00:00Z");
    ObjectNode data = node.putObject("data");
    for (int i = 0; i < entries; i++) {
      data.put("k" + i, "v");
    }
    return KubeObject.wrap(node);
  }
}
