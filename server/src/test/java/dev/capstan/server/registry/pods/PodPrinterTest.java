package dev.capstan.server.registry.pods;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.KubeObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PodPrinterTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2025-05-01T12:00:00Z");

  private static KubeObject pod(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json.replace('\'', '"')));
  }

  @Test
  void runningPodShowsReadinessRestartsWithWhenAndWideColumns() {
    KubeObject p = pod("{'metadata':{'name':'web','creationTimestamp':'2025-05-01T10:00:00Z'},"
        + "'spec':{'nodeName':'node-1','containers':[{'name':'a'},{'name':'b'}],"
        + "'readinessGates':[{'conditionType':'example.com/lb'}]},"
        + "'status':{'phase':'Running','podIPs':[{'ip':'10.244.0.5'}],"
        + "'conditions':[{'type':'example.com/lb','status':'True'}],'containerStatuses':["
        + "{'name':'a','ready':true,'restartCount':2,'state':{'running':{}},"
        + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2025-05-01T11:55:00Z'}}},"
        + "{'name':'b','ready':false,'restartCount':0,'state':{'waiting':{'reason':'CrashLoopBackOff'}}}]}}");

    assertThat(PodPrinter.cells(p, NOW)).containsExactly("web", "1/2", "CrashLoopBackOff", "2 (5m ago)", "120m",
        "10.244.0.5", "node-1", "<none>", "1/1");
  }

  @Test
  void newPodIsPendingAndInitProgressAndDeletionShowInStatus() {
    KubeObject pending = pod("{'metadata':{'name':'p','creationTimestamp':'2025-05-01T11:59:30Z'},"
        + "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Pending'}}");
    assertThat(PodPrinter.cells(pending, NOW)).containsExactly("p", "0/1", "Pending", "0", "30s", "<none>",
        "<none>", "<none>", "<none>");

    KubeObject init = pod("{'metadata':{'name':'p'},'spec':{'initContainers':[{'name':'i1'},{'name':'i2'}],"
        + "'containers':[{'name':'a'}]},'status':{'phase':'Pending','initContainerStatuses':["
        + "{'name':'i1','state':{'terminated':{'exitCode':0}}},{'name':'i2','state':{'running':{}}}]}}");
    assertThat(PodPrinter.cells(init, NOW).get(2)).isEqualTo("Init:1/2");

    KubeObject deleting = pod("{'metadata':{'name':'p','deletionTimestamp':'2025-05-01T11:59:00Z'},"
        + "'spec':{'containers':[{'name':'a'}]},'status':{'phase':'Running'}}");
    assertThat(PodPrinter.cells(deleting, NOW).get(2)).isEqualTo("Terminating");
  }
}
