package dev.capstan.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.api.KubeObject;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class SelectorsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final KubeObject WEB = object("web", "ns1", "app", "web", "tier", "front");
  private static final KubeObject DB = object("db", "ns1", "app", "db");
  private static final KubeObject BARE = object("bare", "ns2");

  @Test
  void labelSelectorsMatchAsUpstream() {
    assertThat(select("app=web")).containsExactly("web");
    assertThat(select("app==web")).containsExactly("web");
    assertThat(select("app!=web")).containsExactly("db", "bare");
    assertThat(select("app in (web,db)")).containsExactly("web", "db");
    assertThat(select("app notin (web)")).containsExactly("db", "bare");
    assertThat(select("tier")).containsExactly("web");
    assertThat(select("!tier")).containsExactly("db", "bare");
    assertThat(select("app in (web, db),!tier")).containsExactly("db");
    assertThat(select("")).containsExactly("web", "db", "bare");
  }

  @Test
  void fieldSelectorsOnNameAndNamespace() {
    Predicate<KubeObject> p = Selectors.fields("metadata.namespace=ns1,metadata.name!=db", java.util.Map.of());
    assertThat(List.of(WEB, DB, BARE).stream().filter(p).map(KubeObject::name)).containsExactly("web");
    assertThatThrownBy(() -> Selectors.fields("spec.replicas=1", java.util.Map.of()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("field label not supported: spec.replicas");
        });
  }

  @Test
  void malformedSelectorsAreBadRequests() {
    assertThatThrownBy(() -> Selectors.labels("app=web,")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.code()).isEqualTo(400));
    assertThatThrownBy(() -> Selectors.labels("bad key=x")).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.getMessage()).startsWith("unable to parse requirement: key: Invalid value: \"bad key\""));
  }

  private static List<String> select(String selector) {
    Predicate<KubeObject> p = Selectors.labels(selector);
    return List.of(WEB, DB, BARE).stream().filter(p).map(KubeObject::name).toList();
  }

  private static KubeObject object(String name, String namespace, String... labels) {
    ObjectNode node = JSON.createObjectNode();
    ObjectNode meta = node.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode l = meta.putObject("labels");
    for (int i = 0; i < labels.length; i += 2) {
      l.put(labels[i], labels[i + 1]);
    }
    return KubeObject.wrap(node);
  }
}
