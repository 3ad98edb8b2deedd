package dev.capstan.server.registry.persistentvolumes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PersistentVolumeResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-11-29T01:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static KubeObject obj(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void volumesDefaultToRetainAndFilesystemAndStartPending() {
    ResourceDefinition pv = PersistentVolumeResources.persistentVolumes(CLOCK);
    assertThat(pv.namespaced()).isFalse();
    assertThat(pv.shortNames()).containsExactly("pv");
    KubeObject o = obj("{'metadata':{'name':'pv1','creationTimestamp':'2026-11-29T00:00:00Z'},'spec':{"
        + "'capacity':{'storage':'10Gi'},'accessModes':['ReadWriteOnce','ReadOnlyMany'],'hostPath':{'path':'/data'},"
        + "'storageClassName':'standard','claimRef':{'namespace':'default','name':'data'}}}");
    pv.strategy().applyDefaults(o);
    o.node().remove("status");
    pv.strategy().prepareForCreate(o);
    assertThat(o.node().at("/spec/persistentVolumeReclaimPolicy").asString()).isEqualTo("Retain");
    assertThat(o.node().at("/spec/volumeMode").asString()).isEqualTo("Filesystem");
    assertThat(o.node().path("status").toString())
        .isEqualTo("{\"phase\":\"Pending\",\"lastPhaseTransitionTime\":\"2026-11-29T01:00:00Z\"}");
    assertThat(pv.strategy().validate(o)).isEmpty();
    assertThat(pv.printer().cells(o, NOW)).containsExactly("pv1", "10Gi", "RWO,ROX", "Retain", "Pending",
        "default/data", "standard", "<unset>", "", "60m", "Filesystem");
  }

  @Test
  void volumesNeedCapacityAccessModesAndOneSource() {
    PersistentVolumeStrategy strategy = new PersistentVolumeStrategy(CLOCK);
    assertThat(strategy.validate(obj("{'spec':{}}"))).extracting(FieldError::message).containsExactly(
        "spec.accessModes: Required value", "spec.capacity: Required value",
        "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
        "spec: Required value: must specify a volume type");
    assertThat(strategy.validate(obj("{'spec':{'capacity':{'storage':'0'},'accessModes':['ReadWriteOnce'],"
        + "'nfs':{'server':'nfs','path':'/x'},'csi':{'driver':'d','volumeHandle':'h'}}}")))
        .extracting(FieldError::message).containsExactly(
            "spec.capacity[storage]: Invalid value: \"0\": must be greater than zero",
            "spec.csi: Forbidden: may not specify more than 1 volume type");
  }

  @Test
  void claimsNeedAccessModesAndAStorageRequest() {
    ResourceDefinition pvc = PersistentVolumeResources.persistentVolumeClaims();
    assertThat(pvc.shortNames()).containsExactly("pvc");
    KubeObject empty = obj("{'spec':{}}");
    pvc.strategy().applyDefaults(empty);
    assertThat(empty.node().at("/spec/volumeMode").asString()).isEqualTo("Filesystem");
    assertThat(empty.node().at("/status/phase").asString()).isEqualTo("Pending");
    assertThat(pvc.strategy().validate(empty)).extracting(FieldError::message).containsExactly(
        "spec.accessModes: Required value: at least 1 access mode is required",
        "spec.resources[storage]: Required value");
    assertThat(pvc.strategy().validate(obj("{'spec':{'accessModes':['ReadWriteOncePod','ReadWriteOnce'],"
        + "'resources':{'requests':{'storage':'1Gi'}}}}"))).extracting(FieldError::message).containsExactly(
            "spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes");
  }

  @Test
  void boundClaimsShowTheirVolumeAndMayOnlyGrow() {
    ResourceDefinition pvc = PersistentVolumeResources.persistentVolumeClaims();
    KubeObject bound = obj("{'metadata':{'name':'data','creationTimestamp':'2026-11-29T00:00:00Z'},'spec':{"
        + "'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}},'volumeName':'pv1',"
        + "'storageClassName':'standard','volumeMode':'Filesystem'},'status':{'phase':'Bound',"
        + "'accessModes':['ReadWriteOnce'],'capacity':{'storage':'1Gi'}}}");
    assertThat(pvc.printer().cells(bound, NOW)).containsExactly("data", "Bound", "pv1", "1Gi", "RWO", "standard",
        "<unset>", "60m", "Filesystem");
    KubeObject pending = obj("{'spec':{'accessModes':['ReadWriteOnce']},'status':{'phase':'Pending'}}");
    assertThat(pvc.printer().cells(pending, NOW).subList(2, 5)).containsExactly("", "", "");

    KubeObject grown = bound.deepCopy();
    ((ObjectNode) grown.node().at("/spec/resources/requests")).put("storage", "2Gi");
    assertThat(pvc.strategy().validateUpdate(grown, bound)).isEmpty();
    KubeObject shrunk = bound.deepCopy();
    ((ObjectNode) shrunk.node().at("/spec/resources/requests")).put("storage", "512Mi");
    ((ObjectNode) shrunk.node().path("spec")).put("storageClassName", "fast");
    assertThat(pvc.strategy().validateUpdate(shrunk, bound)).extracting(FieldError::message).containsExactly(
        "spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName "
            + "for bound claims",
        "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity");
  }
}
