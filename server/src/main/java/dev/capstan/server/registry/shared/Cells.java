package dev.capstan.server.registry.shared;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** Column definitions and cell helpers the cluster-configuration groups share with upstream's printers. */
public final class Cells {
  /** The first column of every upstream table: the object's name, which kubectl treats as the name. */
  public static final Tables.Column NAME = Tables.NAME;
  /** Upstream prints ages as strings (e.g. {@code 5m}), not dates; same wording as the core group's tables. */
  public static final Tables.Column AGE = Tables.AGE;

  private Cells() {}

  public static Tables.Column column(String name, String type, String description) {
    return new Tables.Column(name, type, "", description, 0);
  }

  public static String age(KubeObject o, Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }

  /** The text at a path, "" when absent or not text. */
  public static String text(JsonNode n, String... path) {
    for (String p : path) {
      n = n.path(p);
    }
    return n.isString() ? n.asString() : "";
  }

  /** A boolean at a path, or {@code absent} when it is missing (Go's nil pointer printed as its default). */
  public static boolean bool(JsonNode n, boolean absent, String... path) {
    for (String p : path) {
      n = n.path(p);
    }
    return n.isBoolean() ? n.asBoolean() : absent;
  }
}
