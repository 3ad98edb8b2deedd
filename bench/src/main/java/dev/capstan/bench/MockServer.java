package dev.capstan.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** B-mock: fabric8's kubernetes-server-mock in CRUD mode over HTTPS, as Java tests use it. Argument: port. */
public final class MockServer {
  private MockServer() {}

  public static void main(String[] args) throws Exception {
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), true);
    server.init(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
    System.out.println("MOCK-READY " + server.getPort());
    Thread.currentThread().join();
  }
}
