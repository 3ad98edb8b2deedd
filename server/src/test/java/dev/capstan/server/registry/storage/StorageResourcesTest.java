package dev.capstan.server.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class StorageResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-01-03T00:00:00Z");

  @Test
  void storageClassDefaultsAndTheDefaultClassSuffix() {
    KubeObject sc = object("""
        {"metadata":{"name":"standard","creationTimestamp":"2026-01-01T00:00:00Z",
          "annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
         "provisioner":"rancher.io/local-path","allowVolumeExpansion":true}""");
    StorageClassStrategy s = new StorageClassStrategy();
    s.applyDefaults(sc);
    assertThat(sc.node().path("reclaimPolicy").asString()).isEqualTo("Delete");
    assertThat(sc.node().path("volumeBindingMode").asString()).isEqualTo("Immediate");
    assertThat(s.validate(sc)).isEmpty();
    assertThat(StorageResources.storageClasses().columns()).extracting(c -> c.name()).containsExactly("Name",
        "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age");
    assertThat(StorageResources.storageClasses().printer().cells(sc, NOW)).containsExactly("standard (default)",
        "rancher.io/local-path", "Delete", "Immediate", true, "2d");

    KubeObject beta = object("{\"metadata\":{\"name\":\"old\",\"annotations\":{"
        + "\"storageclass.beta.kubernetes.io/is-default-class\":\"true\"}},\"provisioner\":\"x\"}");
    assertThat(StorageResources.storageClasses().printer().cells(beta, NOW)).containsExactly("old (default)", "x",
        "Delete", "Immediate", false, "<unknown>");
    KubeObject notDefault = object("{\"metadata\":{\"name\":\"n\",\"annotations\":{"
        + "\"storageclass.kubernetes.io/is-default-class\":\"True\"}},\"provisioner\":\"x\"}");
    assertThat(StorageResources.storageClasses().printer().cells(notDefault, NOW).get(0)).isEqualTo("n");
  }

  @Test
  void storageClassValidationAndImmutableFields() {
    StorageClassStrategy s = new StorageClassStrategy();
    KubeObject bad = object("{\"metadata\":{\"name\":\"x\"},\"reclaimPolicy\":\"Recycle\","
        + "\"volumeBindingMode\":\"Later\"}");
    assertThat(messages(s.validate(bad))).containsExactly("provisioner: Required value",
        "reclaimPolicy: Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"",
        "volumeBindingMode: Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"");

    KubeObject old = object("{\"metadata\":{\"name\":\"x\"},\"provisioner\":\"a.io/p\",\"parameters\":{\"t\":\"1\"},"
        + "\"reclaimPolicy\":\"Delete\",\"volumeBindingMode\":\"Immediate\"}");
    KubeObject next = object("{\"metadata\":{\"name\":\"x\"},\"provisioner\":\"b.io/p\",\"parameters\":{\"t\":\"2\"},"
        + "\"reclaimPolicy\":\"Retain\",\"volumeBindingMode\":\"WaitForFirstConsumer\"}");
    assertThat(messages(s.validateUpdate(next, old))).containsExactly(
        "parameters: Forbidden: updates to parameters are forbidden.",
        "provisioner: Forbidden: updates to provisioner are forbidden.",
        "reclaimPolicy: Forbidden: updates to reclaimPolicy are forbidden.",
        "volumeBindingMode: Invalid value: \"WaitForFirstConsumer\": field is immutable");
    assertThat(s.validateUpdate(old, old)).isEmpty();
  }

  @Test
  void csiDriverDefaultsAndRow() {
    KubeObject driver = object("{\"metadata\":{\"name\":\"ebs.csi.aws.com\"},\"spec\":{\"tokenRequests\":"
        + "[{\"audience\":\"sts\"},{\"audience\":\"vault\"}]}}");
    assertThat(StorageResources.csiDrivers().printer().cells(driver, NOW)).containsExactly("ebs.csi.aws.com", true,
        false, false, "sts,vault", false, "<none>", "<unknown>");
    new CsiDriverStrategy().applyDefaults(driver);
    assertThat(driver.node().path("spec").path("volumeLifecycleModes").toString()).isEqualTo("[\"Persistent\"]");
    assertThat(driver.node().path("spec").path("fsGroupPolicy").asString()).isEqualTo("ReadWriteOnceWithFSType");
    assertThat(StorageResources.csiDrivers().printer().cells(driver, NOW).get(6)).isEqualTo("Persistent");
  }

  @Test
  void attachmentsNodesAndCapacitiesPrintTheirColumns() {
    KubeObject va = object("{\"metadata\":{\"name\":\"csi-1\"},\"spec\":{\"attacher\":\"ebs.csi.aws.com\","
        + "\"nodeName\":\"n1\",\"source\":{\"persistentVolumeName\":\"pv-1\"}},\"status\":{\"attached\":true}}");
    assertThat(StorageResources.volumeAttachments().printer().cells(va, NOW)).containsExactly("csi-1",
        "ebs.csi.aws.com", "pv-1", "n1", true, "<unknown>");
    KubeObject node = object("{\"metadata\":{\"name\":\"n1\"},\"spec\":{\"drivers\":[{\"name\":\"a\"},{}]}}");
    assertThat(StorageResources.csiNodes().printer().cells(node, NOW)).containsExactly("n1", 2L, "<unknown>");
    KubeObject cap = object("{\"metadata\":{\"name\":\"c\"},\"storageClassName\":\"fast\"}");
    assertThat(StorageResources.csiStorageCapacities().printer().cells(cap, NOW)).containsExactly("c", "fast",
        "<unset>");
    assertThat(StorageResources.csiStorageCapacities().namespaced()).isTrue();
  }

  private static List<String> messages(List<FieldError> errs) {
    return errs.stream().map(FieldError::message).toList();
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
