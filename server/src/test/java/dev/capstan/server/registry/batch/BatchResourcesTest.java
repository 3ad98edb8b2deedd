package dev.capstan.server.registry.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class BatchResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");
  private static final String UID = "3f1c7d2e-0000-4000-8000-000000000001";
  private static final String POD = "{'spec':{'restartPolicy':'Never','containers':[{'name':'pi','image':'perl'}]}}";

  private static KubeObject object(String kind, String spec) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(("{'apiVersion':'batch/v1','kind':'" + kind + "','metadata':"
        + "{'name':'pi','namespace':'default','uid':'" + UID + "','creationTimestamp':'2025-05-01T11:00:00Z'},"
        + "'spec':" + spec + "}").replace('\'', '"')));
  }

  private static KubeObject created(ResourceDefinition d, String kind, String spec) {
    KubeObject o = object(kind, spec);
    d.strategy().applyDefaults(o);
    d.strategy().prepareForCreate(o);
    return o;
  }

  @Test
  void jobGetsDefaultsAndTheGeneratedSelectorAndLabels() {
    ResourceDefinition d = BatchResources.jobs();
    KubeObject job = created(d, "Job", "{'template':" + POD + "}");
    ObjectNode spec = (ObjectNode) job.node().path("spec");

    assertThat(spec.path("completions").asInt()).isEqualTo(1);
    assertThat(spec.path("parallelism").asInt()).isEqualTo(1);
    assertThat(spec.path("backoffLimit").asInt()).isEqualTo(6);
    assertThat(spec.path("completionMode").asString()).isEqualTo("NonIndexed");
    assertThat(spec.path("suspend").asBoolean(true)).isFalse();
    assertThat(spec.path("manualSelector").isBoolean()).isTrue();
    assertThat(spec.path("podReplacementPolicy").asString()).isEqualTo("TerminatingOrFailed");
    assertThat(spec.path("selector").toString()).isEqualTo("{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\""
        + UID + "\"}}");
    String labels = "{\"job-name\":\"pi\",\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"" + UID
        + "\",\"batch.kubernetes.io/controller-uid\":\"" + UID + "\"}";
    assertThat(spec.path("template").path("metadata").path("labels").toString()).isEqualTo(labels);
    assertThat(job.metadata().path("labels").toString()).isEqualTo(labels);
    assertThat(d.strategy().validate(job)).isEmpty();
    assertThat(d.orphanByDefault()).isTrue();
  }

  @Test
  void jobPodsMustNotRestartAlwaysAndTheTemplateIsFixed() {
    ResourceDefinition d = BatchResources.jobs();
    KubeObject job = created(d, "Job", "{'template':{'spec':{'containers':[{'name':'pi','image':'perl'}]}}}");
    assertThat(d.strategy().validate(job)).extracting(FieldError::message).containsExactly(
        "spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"");

    KubeObject old = created(d, "Job", "{'template':" + POD + "}");
    KubeObject next = old.deepCopy();
    ((ObjectNode) next.node().path("spec").path("template").path("spec").path("containers").get(0))
        .put("image", "perl:5");
    assertThat(d.strategy().validateUpdate(next, old)).extracting(FieldError::message)
        .containsExactly("spec.template: Invalid value: core.PodTemplateSpec{...}: field is immutable");
  }

  @Test
  void jobPrinterShowsStatusCompletionsAndDuration() {
    KubeObject job = object("Job", "{'completions':3,'selector':{'matchLabels':{'batch.kubernetes.io/controller-uid':"
        + "'" + UID + "'}},'template':" + POD + "}");
    job.node().set("status", JSON.readTree(("{'succeeded':3,'startTime':'2025-05-01T11:00:00Z',"
        + "'completionTime':'2025-05-01T11:00:42Z','conditions':[{'type':'Complete','status':'True'}]}")
        .replace('\'', '"')));
    assertThat(BatchResources.jobCells(job, NOW)).containsExactly("pi", "Complete", "3/3", "42s", "60m", "pi", "perl",
        "batch.kubernetes.io/controller-uid=" + UID);

    KubeObject running = object("Job", "{'parallelism':2,'template':" + POD + "}");
    running.node().set("status", JSON.readTree("{\"startTime\":\"2025-05-01T11:58:00Z\"}"));
    assertThat(BatchResources.jobCells(running, NOW).subList(1, 4)).containsExactly("Running", "0/1 of 2", "2m");
  }

  @Test
  void cronJobDefaultsValidationAndRow() {
    ResourceDefinition d = BatchResources.cronJobs();
    KubeObject cj = created(d, "CronJob", "{'schedule':'*/5 * * * *','jobTemplate':{'spec':{'template':" + POD
        + "}}}");
    ObjectNode spec = (ObjectNode) cj.node().path("spec");
    assertThat(spec.path("concurrencyPolicy").asString()).isEqualTo("Allow");
    assertThat(spec.path("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
    assertThat(spec.path("failedJobsHistoryLimit").asInt()).isEqualTo(1);
    assertThat(spec.path("jobTemplate").path("metadata").toString()).isEqualTo("{\"creationTimestamp\":null}");
    // The job template is not a Job: it gets no job-level defaults.
    assertThat(spec.path("jobTemplate").path("spec").has("backoffLimit")).isFalse();
    assertThat(d.strategy().validate(cj)).isEmpty();
    assertThat(d.printer().cells(cj, NOW)).containsExactly("pi", "*/5 * * * *", "<none>", "False", 0L, "<none>",
        "60m", "pi", "perl", "<none>");

    ((ObjectNode) cj.node().path("spec")).put("schedule", "0 25 * * *");
    assertThat(d.strategy().validate(cj)).extracting(FieldError::message)
        .containsExactly("spec.schedule: Invalid value: \"0 25 * * *\": end of range (25) above maximum (23): 25");
  }

  @Test
  void schedulesAreCheckedAsUpstreamsCronParserDoes() throws Exception {
    CronSchedules.check("@hourly");
    CronSchedules.check("@every 1h30m");
    CronSchedules.check("0 9 * jan-mar mon-fri");
    assertThatThrownBy(() -> CronSchedules.check("* * *")).hasMessage("expected exactly 5 fields, found 3: [* * *]");
    assertThatThrownBy(() -> CronSchedules.check("x * * * *"))
        .hasMessage("failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
    assertThatThrownBy(() -> CronSchedules.check("* * * * 7")).hasMessage("end of range (7) above maximum (6): 7");
    assertThatThrownBy(() -> CronSchedules.check("@fortnightly")).hasMessage("unrecognized descriptor: @fortnightly");
  }
}
