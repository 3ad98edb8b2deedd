package dev.capstan.server.printers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.server.printers.PathNode.Bound;
import dev.capstan.server.printers.PathNode.Sequence;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** client-go's jsonpath_test.go and parser_test.go cases, over JSON as the server decodes it. */
class JsonPathTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final JsonNode TYPES = json("""
      {"bools": [true, false, true, false], "integers": [1, 2, 3, 4], "floats": [1.0, 2.2, 3.3, 4.0],
       "strings": ["one", "two", "three", "four"], "interfaces": [true, "one", 1, 1.1],
       "maps": [{"name": "one", "value": 1}, {"name": "two", "value": 2.02}, {"name": "three", "value": 3.03},
                {"name": "four", "value": 4.04}]}""");

  private static final JsonNode STORE = json("""
      {"Book": [{"Category": "reference", "Author": "Nigel Rees", "Title": "Sayings of the Centurey", "Price": 8.95},
                {"Category": "fiction", "Author": "Evelyn Waugh", "Title": "Sword of Honour", "Price": 12.99},
                {"Category": "fiction", "Author": "Herman Melville", "Title": "Moby Dick", "Price": 8.99}],
       "Bicycle": [{"Color": "red", "Price": 19.95, "IsNew": true}, {"Color": "green", "Price": 20.01, "IsNew": false}],
       "Name": "jsonpath",
       "Labels": {"engieer": 10, "web/html": 15, "k8s-app": 20},
       "Employees": {"jason": "manager", "dan": "clerk"}}""");

  private static final JsonNode NODES = json("""
      {"kind": "List",
       "items": [
         {"kind": "None", "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
          "status": {"capacity": {"cpu": "4"}, "ready": true,
                     "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
         {"kind": "None", "metadata": {"name": "127.0.0.2", "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
          "status": {"capacity": {"cpu": "8"}, "ready": false,
                     "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                                   {"type": "another", "address": "127.0.0.3"}]}}],
       "users": [{"name": "myself", "user": {}}, {"name": "e2e", "user": {"username": "admin", "password": "secret"}}]}""");

  private static final JsonNode CONTAINERS = json("""
      {"spec": {"containers": [{"name": "fake0"}, {"name": "fake1"}, {"name": "fake2"}, {"name": "fake3"},
                               {"name": "fake4"}, {"name": "fake5"}]}}""");

  @Test
  void slicesOfEachJsonTypePrintAsKubectlPrintsThem() {
    assertThat(execute("{ .bools }", TYPES)).isEqualTo("[true,false,true,false]");
    assertThat(execute("{ .bools[0] }", TYPES)).isEqualTo("true");
    assertThat(execute("{ .bools[-1] }", TYPES)).isEqualTo("false");
    assertThat(execute("{ .bools[0:2] }", TYPES)).isEqualTo("true false");
    assertThat(execute("{ .bools[:4:2] }", TYPES)).isEqualTo("true true");
    assertThat(execute("{ .integers[-2] }", TYPES)).isEqualTo("3");
    assertThat(execute("{ .integers[:4:2] }", TYPES)).isEqualTo("1 3");
    assertThat(execute("{ .floats }", TYPES)).isEqualTo("[1,2.2,3.3,4]");
    assertThat(execute("{ .floats[0] }", TYPES)).isEqualTo("1");
    assertThat(execute("{ .floats[-2] }", TYPES)).isEqualTo("3.3");
    assertThat(execute("{ .strings }", TYPES)).isEqualTo("[\"one\",\"two\",\"three\",\"four\"]");
    assertThat(execute("{ .strings[:2] }", TYPES)).isEqualTo("one two");
    assertThat(execute("{ .interfaces }", TYPES)).isEqualTo("[true,\"one\",1,1.1]");
    assertThat(execute("{ .interfaces[:4:2] }", TYPES)).isEqualTo("true 1");
    assertThat(execute("{ .maps[0] }", TYPES)).isEqualTo("{\"name\":\"one\",\"value\":1}");
    assertThat(execute("{ .maps[::2] }", TYPES))
        .isEqualTo("{\"name\":\"one\",\"value\":1} {\"name\":\"three\",\"value\":3.03}");
    assertThat(execute("{ .maps[1::2] }", TYPES))
        .isEqualTo("{\"name\":\"two\",\"value\":2.02} {\"name\":\"four\",\"value\":4.04}");
  }

  @Test
  void fieldsArraysUnionsWildcardsAndRecursiveDescent() {
    assertThat(execute("hello jsonpath", null)).isEqualTo("hello jsonpath");
    assertThat(execute("{..}", json("[1,2,3]"))).isEqualTo("[1,2,3]");
    assertThat(execute("{[?(@<5)]}", json("[2,6,3,7]"))).isEqualTo("2 3");
    assertThat(execute("{\"{\"}", null)).isEqualTo("{");
    assertThat(execute("{[1,3,4]}", json("[0,1,2,3,4]"))).isEqualTo("1 3 4");
    assertThat(execute("{[0:2]}", json("[\"Monday\",\"Tudesday\"]"))).isEqualTo("Monday Tudesday");
    assertThat(execute("hello {.Name}", STORE)).isEqualTo("hello jsonpath");
    assertThat(execute("{$.Labels.web/html}", STORE)).isEqualTo("15");
    assertThat(execute("{$.Employees.jason}", STORE)).isEqualTo("manager");
    assertThat(execute("{.Labels.k8s-app}", STORE)).isEqualTo("20");
    assertThat(execute("{.Bicycle[*].Color}", STORE)).isEqualTo("red green");
    assertThat(execute("{.Book[*].Author}", STORE)).isEqualTo("Nigel Rees Evelyn Waugh Herman Melville");
    assertThat(execute("{range .Bicycle[*]}{ \"{\" }{ @.* }{ \"} \" }{end}", STORE))
        .isEqualTo("{red 19.95 true} {green 20.01 false} ");
    assertThat(execute("{..Price}", STORE)).isEqualTo("8.95 12.99 8.99 19.95 20.01");
    assertThat(execute("{...Price}", STORE)).isEqualTo("8.95 12.99 8.99 19.95 20.01");
    // a map prints as Go's json.Marshal writes it: keys sorted
    assertThat(execute("{.Bicycle}", STORE)).isEqualTo(
        "[{\"Color\":\"red\",\"IsNew\":true,\"Price\":19.95},{\"Color\":\"green\",\"IsNew\":false,\"Price\":20.01}]");
    String mobyDick = "{\"Author\":\"Herman Melville\",\"Category\":\"fiction\",\"Price\":8.99,\"Title\":\"Moby Dick\"}";
    assertThat(execute("{.Book[-1:]}", STORE)).isEqualTo(mobyDick);
    assertThat(execute("{..Book[2]}", STORE)).isEqualTo(mobyDick);
    assertThat(execute("{.Bicycle[?(@.IsNew==true)]}", STORE))
        .isEqualTo("{\"Color\":\"red\",\"IsNew\":true,\"Price\":19.95}");
  }

  @Test
  void missingFieldsAreEmptyWhenAllowedAndErrorsOtherwise() {
    assertThat(execute("{.hello}", STORE)).isEmpty();
    assertThat(execute("before-{.hello}after", STORE)).isEqualTo("before-after");
    assertThat(JsonPath.parse("{.hello}").find(STORE)).isEmpty();

    assertThat(failure("{hello}", STORE)).isEqualTo("unrecognized identifier hello");
    assertThat(failure("{.hello}", STORE)).isEqualTo("hello is not found");
    assertThat(failure("{.Labels[0]}", STORE)).isEqualTo("map[string]interface {} is not array or slice");
    assertThat(failure("{.Name[0]}", STORE)).isEqualTo("string is not array or slice");
    assertThat(failure("{.Book[?(@.Price<>10)]}", STORE)).isEqualTo("unrecognized filter operator <>");
    assertThat(failure("{range .Labels.*}{@}{end}{end}", STORE)).isEqualTo("not in range, nothing to end");
    assertThat(failure("{.Labels[?(@.x==1)]}", STORE))
        .isEqualTo("map[engieer:10 k8s-app:20 web/html:15] is not array or slice and cannot be filtered");
  }

  @Test
  void filtersOnJsonInput() {
    JsonNode points = json("""
        [{"id": "i1", "x": 4, "y": -5}, {"id": "i2", "x": -2, "y": -5, "z": 1}, {"id": "i3", "x": 8, "y": 3},
         {"id": "i4", "x": -6, "y": -1}, {"id": "i5", "x": 0, "y": 2, "z": 1}, {"id": "i6", "x": 1, "y": 4}]""");
    assertThat(executeStrict("{[?(@.z)].id}", points)).isEqualTo("i2 i5");
    assertThat(executeStrict("{[0]['id']}", points)).isEqualTo("i1");
    // decoded integers are int64 like the template's integer literals, so they compare
    assertThat(execute("{[?(@.x>0)].id}", points)).isEqualTo("i1 i3 i6");
    assertThat(execute("{[?(@.y<=-5)].id}", points)).isEqualTo("i1 i2");
    assertThat(execute("{[?(@.id!=\"i1\")].x}", points)).isEqualTo("-2 8 -6 0 1");
    // an integer field against a float literal is an error, as in Go's template comparisons
    assertThat(failure("{[?(@.x>0.5)].id}", points)).isEqualTo("incompatible types for comparison");
    assertThat(failure("{[?(@.id<true)].id}", points)).isEqualTo("incompatible types for comparison");
  }

  @Test
  void kubernetesUseCases() {
    assertThat(execute("{range .items[*]}{.metadata.name}, {end}{.kind}", NODES))
        .isEqualTo("127.0.0.1, 127.0.0.2, List");
    assertThat(execute("{range .items[*]}{.metadata.name}{\"\\t\"}{end}", NODES))
        .isEqualTo("127.0.0.1\t127.0.0.2\t");
    assertThat(execute("{.items[*].status.addresses[*].address}", NODES))
        .isEqualTo("127.0.0.1 127.0.0.2 127.0.0.3");
    assertThat(execute("{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", NODES))
        .isEqualTo("127.0.0.1, 127.0.0.2, 127.0.0.3, ");
    assertThat(execute("{.items[*].metadata.name}", NODES)).isEqualTo("127.0.0.1 127.0.0.2");
    assertThat(execute("{.items[*]['metadata.name', 'status.capacity']}", NODES))
        .isEqualTo("127.0.0.1 127.0.0.2 {\"cpu\":\"4\"} {\"cpu\":\"8\"}");
    assertThat(execute("{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", NODES))
        .isEqualTo("[127.0.0.1, {\"cpu\":\"4\"}] [127.0.0.2, {\"cpu\":\"8\"}] ");
    assertThat(execute("{.users[?(@.name==\"e2e\")].user.password}", NODES)).isEqualTo("secret");
    assertThat(execute("{.items[0].metadata.labels.kubernetes\\.io/hostname}", NODES)).isEqualTo("127.0.0.1");
    assertThat(execute("{.items[?(@.metadata.labels.kubernetes\\.io/hostname==\"127.0.0.1\")].kind}", NODES))
        .isEqualTo("None");
    assertThat(execute("{.items[?(@..ready==true)].metadata.name}", NODES)).isEqualTo("127.0.0.1");
    assertThat(execute("{..name}", NODES)).isEqualTo("127.0.0.1 127.0.0.2 myself e2e");
  }

  @Test
  void rangesOverEmptyAndNestedLists() {
    JsonNode empty = json("{\"items\": []}");
    assertThat(execute("{range .items[*]}{.metadata.name}{end}", empty)).isEmpty();
    assertThat(execute("{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}{end}"
        + "{\"+\"}{end}", empty)).isEmpty();

    JsonNode pods = json("""
        {"items": [
          {"metadata": {"name": "pod1"}, "spec": {"containers": [
            {"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
            {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]}]}},
          {"metadata": {"name": "pod2"}, "spec": {"containers": [
            {"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}]}}]}""");
    assertThat(executeStrict("{range .items[*]}{.metadata.name}{\":\"}{range @.spec.containers[*]}{.name}{\",\"}"
        + "{end}{\"+\"}{end}", pods)).isEqualTo("pod1:foo,bar,+pod2:baz,+");
    assertThat(executeStrict("{range .items[*]}{.metadata.name}{\"~\"}{range @.spec.containers[*]}{.name}{\":\"}"
        + "{range @.another[*]}{.name}{\",\"}{end}{\"+\"}{end}{\"#\"}{end}", pods))
        .isEqualTo("pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#");
    assertThat(executeStrict("{range .items[*]}{.metadata.name}{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}"
        + "{end}{\"\\t\"}{range @.spec.containers[*]}{.name}{\" \"}{end}{\"\\n\"}{end}", pods))
        .isEqualTo("pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n");

    JsonNode running = json("""
        {"kind": "List", "items": [
          {"kind": "Pod", "metadata": {"name": "pod1"}, "status": {"phase": "Running"}},
          {"kind": "Pod", "metadata": {"name": "pod2"}, "status": {"phase": "Running"}},
          {"kind": "Pod", "metadata": {"name": "pod3"}, "status": {"phase": "Running"}},
          {"resourceVersion": "", "selfLink": ""}]}""");
    assertThat(execute("{range .items[?(.status.phase==\"Running\")]}{.metadata.name}{\" is Running\\n\"}{end}",
        running)).isEqualTo("pod1 is Running\npod2 is Running\npod3 is Running\n");
  }

  @Test
  void filterOverItemsWithSomeFieldsMissing() {
    JsonNode pods = json("""
        {"kind": "List", "items": [
          {"kind": "Pod", "metadata": {"name": "pod1", "annotations": {"color": "blue"}}},
          {"kind": "Pod", "metadata": {"name": "pod2"}},
          {"kind": "Pod", "metadata": {"name": "pod3", "annotations": {"color": "green"}}},
          {"kind": "Pod", "metadata": {"name": "pod4", "annotations": {"color": "blue"}}}]}""");
    String template = "{.items[?(@.metadata.annotations.color==\"blue\")].metadata.name}";
    assertThat(execute(template, pods)).isEqualTo("pod1 pod4");
    assertThat(failure(template, pods)).isEqualTo("annotations is not found");
  }

  @Test
  void negativeIndexesAndSteps() {
    JsonNode four = json("""
        {"spec": {"containers": [{"name": "fake0"}, {"name": "fake1"}, {"name": "fake2"}, {"name": "fake3"}]}}""");
    assertThat(executeStrict("{.spec.containers[0].name}", four)).isEqualTo("fake0");
    assertThat(executeStrict("{.spec.containers[0:0].name}", four)).isEmpty();
    assertThat(executeStrict("{.spec.containers[0:-1].name}", four)).isEqualTo("fake0 fake1 fake2");
    assertThat(failure("{.spec.containers[-1:0].name}", four)).isEqualTo("starting index 3 is greater than ending index 0");
    assertThat(executeStrict("{.spec.containers[-1].name}", four)).isEqualTo("fake3");
    assertThat(executeStrict("{.spec.containers[-1:].name}", four)).isEqualTo("fake3");
    assertThat(executeStrict("{.spec.containers[-2:].name}", four)).isEqualTo("fake2 fake3");
    assertThat(executeStrict("{.spec.containers[-4].name}", four)).isEqualTo("fake0");
    assertThat(executeStrict("{.spec.containers[-4:].name}", four)).isEqualTo("fake0 fake1 fake2 fake3");
    assertThat(failure("{.spec.containers[-5].name}", four)).isEqualTo("array index out of bounds: index -1, length 4");
    assertThat(failure("{.spec.containers[4].name}", four)).isEqualTo("array index out of bounds: index 4, length 4");
    assertThat(failure("{.spec.containers[1:9].name}", four)).isEqualTo("array index out of bounds: index 8, length 4");
    assertThat(executeStrict("{.spec.containers[5:5].name}", four)).isEmpty();
    assertThat(executeStrict("{.spec.containers[-5:-5].name}", four)).isEmpty();
    assertThat(failure("{.spec.containers[3:1].name}", four)).isEqualTo("starting index 3 is greater than ending index 1");
    assertThat(failure("{.spec.containers[-1:-2].name}", four)).isEqualTo("starting index 3 is greater than ending index 2");

    assertThat(executeStrict("{.spec.containers[0:].name}", CONTAINERS))
        .isEqualTo("fake0 fake1 fake2 fake3 fake4 fake5");
    assertThat(executeStrict("{.spec.containers[0:6:].name}", CONTAINERS))
        .isEqualTo("fake0 fake1 fake2 fake3 fake4 fake5");
    assertThat(failure("{.spec.containers[0:6:0].name}", CONTAINERS)).isEqualTo("step must be > 0");
    assertThat(failure("{.spec.containers[0:6:-1].name}", CONTAINERS)).isEqualTo("step must be > 0");
    assertThat(executeStrict("{.spec.containers[1:4:2].name}", CONTAINERS)).isEqualTo("fake1 fake3");
    assertThat(executeStrict("{.spec.containers[1:4:3].name}", CONTAINERS)).isEqualTo("fake1");
    assertThat(executeStrict("{.spec.containers[0:6:5].name}", CONTAINERS)).isEqualTo("fake0 fake5");
    assertThat(executeStrict("{.spec.containers[0:6:6].name}", CONTAINERS)).isEqualTo("fake0");
  }

  @Test
  void quotedOperandsInFiltersMayHoldParenthesesAndBraces() {
    JsonNode nodes = json("""
        [{"name": "a", "os": "()"}, {"name": "b", "os": "(\\"\\")"}, {"name": "c", "os": "{[()]}"},
         {"name": "d", "os": "''"}, {"name": "e", "os": "\\"\\""}, {"name": "f", "os": "Linux"}]""");
    assertThat(execute("{[?(@.os == \"()\")].name}", nodes)).isEqualTo("a");
    assertThat(execute("{[?(@.os == \"(\\\"\\\")\")].name}", nodes)).isEqualTo("b");
    assertThat(execute("{[?(@.os == \"{[()]}\")].name}", nodes)).isEqualTo("c");
    assertThat(execute("{[?(@.os == \"''\")].name}", nodes)).isEqualTo("d");
    assertThat(execute("{[?(@.os == '\"\"')].name}", nodes)).isEqualTo("e");
    assertThat(execute("{[?(@.os == 'Linux')].name}", nodes)).isEqualTo("f");
  }

  @Test
  void parseTreesSplitPathsAsUpstreamDoes() {
    assertThat(action("{.book[*].author}")).containsExactly(new PathNode.Field("book"),
        new PathNode.Slice(Bound.UNKNOWN, Bound.UNKNOWN, Bound.UNKNOWN), new PathNode.Field("author"));
    assertThat(action("{[1:3]}")).containsExactly(
        new PathNode.Slice(new Bound(1, true, false), new Bound(3, true, false), Bound.UNKNOWN));
    assertThat(action("{[-1]}")).containsExactly(
        new PathNode.Slice(new Bound(-1, true, false), new Bound(0, true, true), Bound.UNKNOWN));
    assertThat(action("{[-5:]}")).containsExactly(
        new PathNode.Slice(new Bound(-5, true, false), Bound.UNKNOWN, Bound.UNKNOWN));
    // a quoted key is read as a dotted path: ['book.price'] is two fields
    assertThat(action("{['book.price']}")).containsExactly(new PathNode.Field("book"), new PathNode.Field("price"));
    assertThat(action("{..price}")).containsExactly(new PathNode.Recursive(), new PathNode.Field("price"));
    assertThat(action("{.bicycle.*}")).containsExactly(new PathNode.Field("bicycle"), new PathNode.Wildcard());
    assertThat(action("{range .items}")).containsExactly(new PathNode.Identifier("range"),
        new PathNode.Field("items"));
    assertThat(action("{[?(@.price<3)]}")).containsExactly(new PathNode.Filter(
        new Sequence(List.of(new PathNode.Field("price"))), new Sequence(List.of(new PathNode.IntLiteral(3))), "<"));
    assertThat(action("{['bicycle.price', 3, 'book.price']}")).containsExactly(new PathNode.Union(List.of(
        new Sequence(List.of(new PathNode.Field("bicycle"), new PathNode.Field("price"))),
        new Sequence(List.of(new PathNode.Slice(new Bound(3, true, false), new Bound(4, true, true), Bound.UNKNOWN))),
        new Sequence(List.of(new PathNode.Field("book"), new PathNode.Field("price"))))));
    assertThat(JsonPathParser.parse("hello {.jsonpath}").nodes()).containsExactly(new PathNode.Text("hello "),
        new Sequence(List.of(new PathNode.Field("jsonpath"))));
    assertThat(action("{'\\\\\\''}")).containsExactly(new PathNode.Text("\\'"));
  }

  @Test
  void parseErrorsCarryUpstreamsMessages() {
    assertParseError("{.hello", "unclosed action");
    assertParseError("{*}", "unrecognized character in action: U+002A '*'");
    assertParseError("{.a\t}", "unrecognized character in action: U+0009");
    assertParseError("{+12.3.0}", "cannot parse number +12.3.0");
    assertParseError("{[1}", "unterminated array");
    assertParseError("{[?(.price]}", "unterminated filter");
    assertParseError("{........}", "invalid multiple recursive descent");
    assertParseError("{............................................................Price}",
        "invalid multiple recursive descent");
    assertParseError("{\\\\\\}", "unrecognized character in action: U+005C '\\'");
    assertParseError("{.a[x]}", "invalid array index x");
    assertParseError("{.a[\"x\"]}", "invalid array index \"x\"");
    assertParseError("{.a[1:-]}", "array index - is not a number");
    assertParseError("{.a[?(@.x==1)}", "unclosed array expect ]");
    assertParseError("{'abc}", "unterminated quoted string");
    assertParseError("{\"\\q\"}", "unquote string \"\\q\" error invalid syntax");
    assertParseError("{.a[a,'b']}", "invalid array index a");
  }

  @Test
  void findReturnsEveryValueAndTheTemplatesText() {
    assertThat(JsonPath.parse("{.items[*].metadata.name}").find(NODES))
        .containsExactly(json("\"127.0.0.1\""), json("\"127.0.0.2\""));
    assertThat(JsonPath.parse("x{.kind}").find(NODES)).containsExactly(json("\"x\""), json("\"List\""));
    assertThat(JsonPath.parse("{.items[0].status.ready}").find(NODES)).containsExactly(json("true"));
    assertThatThrownBy(() -> JsonPath.parse("{.items[5]}").find(NODES))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("array index out of bounds: index 5, length 2");
  }

  private static List<PathNode> action(String template) {
    List<PathNode> top = JsonPathParser.parse(template).nodes();
    assertThat(top).hasSize(1);
    return ((Sequence) top.get(0)).nodes();
  }

  private static void assertParseError(String template, String message) {
    assertThatThrownBy(() -> JsonPath.parse(template)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  /** kubectl's Execute with missing keys allowed: each node's results joined by spaces, nodes concatenated. */
  private static String execute(String template, JsonNode data) {
    return print(JsonPath.parse(template).results(data, true));
  }

  private static String executeStrict(String template, JsonNode data) {
    return print(JsonPath.parse(template).results(data, false));
  }

  private static String failure(String template, JsonNode data) {
    try {
      return "no error: " + print(JsonPath.parse(template).results(data, false));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static String print(List<List<Object>> results) {
    StringBuilder out = new StringBuilder();
    for (List<Object> group : results) {
      for (int i = 0; i < group.size(); i++) {
        out.append(JsonPath.print(group.get(i)));
        if (i < group.size() - 1) {
          out.append(' ');
        }
      }
    }
    return out.toString();
  }

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }
}
