package dev.capstan.server.endpoints;

import dev.capstan.server.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /version}: the fields of upstream's {@code version.Info}, indented as upstream writes them. */
public final class VersionEndpoint {
  private VersionEndpoint() {}

  public static List<Route> routes(BuildInfo build) {
    String body = render(build);
    return List.of(
        Route.get("/version", ctx -> ctx.contentType("application/json").result(body)),
        Route.get("/version/", ctx -> ctx.contentType("application/json").result(body)));
  }

  static String render(BuildInfo build) {
    String[] k8s = BuildInfo.KUBERNETES_VERSION.split("\\.");
    Map<String, String> v = new LinkedHashMap<>();
    v.put("major", k8s[0]);
    v.put("minor", k8s[1]);
    v.put("emulationMajor", k8s[0]);
    v.put("emulationMinor", k8s[1]);
    v.put("minCompatibilityMajor", k8s[0]);
    v.put("minCompatibilityMinor", Integer.toString(Integer.parseInt(k8s[1]) - 1));
    v.put("gitVersion", build.gitVersion());
    v.put("gitCommit", build.commit());
    v.put("gitTreeState", build.treeState());
    v.put("buildDate", build.buildDate());
    // Go-shaped fields, filled honestly for a JVM build.
    v.put("goVersion", "java" + Runtime.version().feature() + "." + Runtime.version().interim() + "."
        + Runtime.version().update());
    v.put("compiler", "javac");
    v.put("platform", os() + "/" + arch());
    // Go's json.MarshalIndent layout ("key": value, two spaces), which Jackson's pretty printer does not match.
    JsonMapper json = JsonMapper.builder().build();
    StringJoiner out = new StringJoiner(",\n", "{\n", "\n}");
    v.forEach((key, value) -> out.add("  " + json.writeValueAsString(key) + ": " + json.writeValueAsString(value)));
    return out.toString();
  }

  private static String os() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    return os.startsWith("mac") ? "darwin" : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
  }

  private static String arch() {
    return switch (System.getProperty("os.arch", "")) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> System.getProperty("os.arch");
    };
  }
}
