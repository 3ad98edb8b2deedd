package dev.capstan.server.registry.batch;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.printers.Tables;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.pods.TemplateColumns;
import dev.capstan.server.registry.pods.LabelSelectors;
import dev.capstan.server.registry.pods.PodSpecs;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** batch/v1: jobs and cron jobs, as upstream serves them. */
public final class BatchResources {
  private static final Tables.Column NAME = Tables.NAME;
  private static final Tables.Column AGE = Tables.AGE;
  private static final Tables.Column CONTAINERS = TemplateColumns.CONTAINERS;
  private static final Tables.Column IMAGES = TemplateColumns.IMAGES;
  private static final Tables.Column SELECTOR = TemplateColumns.SELECTOR;

  private BatchResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(jobs(), cronJobs());
  }

  static ResourceDefinition jobs() {
    return ResourceDefinition.builder("batch", "v1", "jobs", "Job").categories("all").strategy(new JobStrategy())
        .statusSubresource().generation().orphanByDefault()
        .fieldSelector("status.successful", o -> Long.toString(o.node().path("status").path("succeeded").asLong(0)))
        .table(List.of(NAME,
            new Tables.Column("Status", "string", "", "The state of the job.", 0),
            new Tables.Column("Completions", "string", "", "Succeeded pods out of those wanted.", 0),
            new Tables.Column("Duration", "string", "", "How long the job ran or has been running.", 0),
            AGE, CONTAINERS, IMAGES, SELECTOR),
            BatchResources::jobCells)
        .build();
  }

  static ResourceDefinition cronJobs() {
    return ResourceDefinition.builder("batch", "v1", "cronjobs", "CronJob").shortNames("cj").categories("all")
        .strategy(new CronJobStrategy()).statusSubresource().generation()
        .table(List.of(NAME,
            new Tables.Column("Schedule", "string", "", "When jobs are made, in cron format.", 0),
            new Tables.Column("Timezone", "string", "", "The time zone of the schedule.", 0),
            new Tables.Column("Suspend", "boolean", "", "Whether new jobs are held back.", 0),
            new Tables.Column("Active", "integer", "", "The number of running jobs.", 0),
            new Tables.Column("Last Schedule", "string", "", "When a job was last made.", 0),
            AGE, CONTAINERS, IMAGES, SELECTOR),
            (o, now) -> {
              JsonNode spec = o.node().path("spec");
              JsonNode status = o.node().path("status");
              String last = status.path("lastScheduleTime").asString("");
              JsonNode suspend = spec.get("suspend");
              JsonNode jobSpec = spec.path("jobTemplate").path("spec");
              return List.of(o.name(), spec.path("schedule").asString(""),
                  spec.path("timeZone").asString("").isEmpty() && !spec.hasNonNull("timeZone") ? "<none>"
                      : spec.path("timeZone").asString(""),
                  suspend == null || suspend.isNull() ? "<unset>" : suspend.asBoolean() ? "True" : "False",
                  (long) status.path("active").size(), last.isEmpty() ? "<none>" : Ages.since(last, now),
                  age(o, now), PodSpecs.containerNames(jobSpec.path("template").path("spec")),
                  PodSpecs.containerImages(jobSpec.path("template").path("spec")),
                  LabelSelectors.format(jobSpec.get("selector")));
            })
        .build();
  }

  static List<Object> jobCells(KubeObject o, Instant now) {
    JsonNode spec = o.node().path("spec");
    JsonNode status = o.node().path("status");
    long succeeded = status.path("succeeded").asLong(0);
    String completions;
    if (spec.hasNonNull("completions")) {
      completions = succeeded + "/" + spec.path("completions").asLong();
    } else {
      long parallelism = spec.path("parallelism").asLong(0);
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = instant(status.path("startTime").asString(""));
    Instant end = instant(status.path("completionTime").asString(""));
    String duration = start == null ? "" : Ages.human(Duration.between(start, end == null ? now : end));
    String state;
    if (condition(status, "Complete")) {
      state = "Complete";
    } else if (condition(status, "Failed")) {
      state = "Failed";
    } else if (o.hasDeletionTimestamp()) {
      state = "Terminating";
    } else if (condition(status, "Suspended")) {
      state = "Suspended";
    } else if (condition(status, "FailureTarget")) {
      state = "FailureTarget";
    } else if (condition(status, "SuccessCriteriaMet")) {
      state = "SuccessCriteriaMet";
    } else {
      state = "Running";
    }
    JsonNode podSpec = spec.path("template").path("spec");
    return List.of(o.name(), state, completions, duration, age(o, now), PodSpecs.containerNames(podSpec),
        PodSpecs.containerImages(podSpec), LabelSelectors.plain(spec.get("selector")));
  }

  private static boolean condition(JsonNode status, String type) {
    for (JsonNode c : status.path("conditions")) {
      if (c.path("type").asString("").equals(type) && c.path("status").asString("").equals("True")) {
        return true;
      }
    }
    return false;
  }

  private static Instant instant(String s) {
    try {
      return s.isEmpty() ? null : Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String age(KubeObject o, Instant now) {
    return Ages.since(o.metadata().path("creationTimestamp").asString(""), now);
  }
}
