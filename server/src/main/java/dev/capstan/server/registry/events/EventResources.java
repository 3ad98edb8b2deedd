package dev.capstan.server.registry.events;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.values.Checks;
import java.util.List;
import java.util.function.Function;

/**
 * Events, served as core/v1 (where they are stored) and as events.k8s.io/v1 over the same objects through
 * {@link EventConversion}; both print upstream's event columns and take upstream's field selectors.
 */
public final class EventResources {
  static final List<Tables.Column> COLUMNS = List.of(
      new Tables.Column("Last Seen", "string", "", "How long ago the event was last seen.", 0),
      new Tables.Column("Type", "string", "", "Normal or Warning.", 0),
      new Tables.Column("Reason", "string", "", "Why the event happened, in a word.", 0),
      new Tables.Column("Object", "string", "", "The object the event is about.", 0),
      new Tables.Column("Subobject", "string", "", "The part of the object the event is about.", 1),
      new Tables.Column("Source", "string", "", "The component that reported the event.", 1),
      new Tables.Column("Message", "string", "", "What happened, for humans.", 0),
      new Tables.Column("First Seen", "string", "", "How long ago the event was first seen.", 1),
      new Tables.Column("Count", "string", "", "How many times the event happened.", 1),
      new Tables.Column("Name", "string", "name", "The object's name, unique within its namespace.", 1));
  private static final String[] INVOLVED = {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
      "fieldPath"};

  private EventResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(coreEvents(), eventsV1());
  }

  static ResourceDefinition coreEvents() {
    ResourceDefinition.Builder b = ResourceDefinition.builder("", "v1", "events", "Event").shortNames("ev")
        .strategy(new EventStrategy(false)).table(COLUMNS, EventPrinter::cells);
    for (String f : INVOLVED) {
      b.fieldSelector("involvedObject." + f, core(e -> Checks.text(e.node().path("involvedObject"), f)));
    }
    return b.fieldSelector("reason", core(e -> Checks.text(e.node(), "reason")))
        .fieldSelector("reportingComponent", core(e -> Checks.text(e.node(), "reportingComponent")))
        .fieldSelector("source", core(e -> Checks.text(e.node().path("source"), "component")))
        .fieldSelector("type", core(e -> Checks.text(e.node(), "type")))
        .build();
  }

  static ResourceDefinition eventsV1() {
    ResourceDefinition.Builder b = ResourceDefinition.builder("events.k8s.io", "v1", "events", "Event")
        .shortNames("ev").strategy(new EventStrategy(true)).conversion(new EventConversion())
        .table(COLUMNS, EventPrinter::cells);
    // Upstream maps events.k8s.io/v1 field labels onto the core ones.
    for (String f : INVOLVED) {
      b.fieldSelector("regarding." + f, core(e -> Checks.text(e.node().path("involvedObject"), f)));
    }
    return b.fieldSelector("reason", core(e -> Checks.text(e.node(), "reason")))
        .fieldSelector("reportingController", core(e -> Checks.text(e.node(), "reportingComponent")))
        .fieldSelector("type", core(e -> Checks.text(e.node(), "type")))
        .build();
  }

  /** Reads a field selector's value from the core/v1 form, whichever form the object is given in. */
  private static Function<KubeObject, String> core(Function<KubeObject, String> reader) {
    return o -> reader.apply(EventConversion.core(o));
  }
}
