package dev.capstan.server.endpoints;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Facts recorded at build time: Capstan's version, the commit and the build date.
 *
 * @param version Capstan's version, e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit the git commit, or "" when the build did not record it
 * @param treeState {@code clean}, {@code dirty}, or "" when unknown
 * @param buildDate ISO-8601 UTC, e.g. {@code 2026-11-29T02:30:00Z}
 */
public record BuildInfo(String version, String commit, String treeState, String buildDate) {
  /** The Kubernetes release whose API Capstan serves. */
  public static final String KUBERNETES_VERSION = "1.33.0";

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/capstan/server/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(clean(p.getProperty("version"), "0.0.0"), clean(p.getProperty("commit"), ""),
        clean(p.getProperty("treeState"), ""), clean(p.getProperty("buildDate"), "1970-01-01T00:00:00Z"));
  }

  /** The version string clients see, e.g. {@code v1.33.0+capstan.0.1.0-SNAPSHOT}. */
  public String gitVersion() {
    return "v" + KUBERNETES_VERSION + "+capstan." + version;
  }

  private static String clean(String value, String fallback) {
    // An unfiltered placeholder means the build did not provide the value.
    return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
  }
}
