package dev.capstan.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kubernetes 1.33 (k3s in a container) for a test class, where a Docker engine exists; elsewhere the class
 * is skipped and says why. The scenarios that pass on it are upstream's behaviour, so Capstan is held to them.
 */
final class K3sCluster implements Cluster, BeforeAllCallback, AfterAllCallback {
  private static final String IMAGE = "rancher/k3s:v1.33.1-k3s1";

  private K3sContainer k3s;
  private Path kubeconfig;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    if (!dockerAvailable()) {
      String reason = "no Docker engine on this machine: the upstream parity scenarios run against k3s (" + IMAGE
          + ") only where Testcontainers can start it";
      System.err.println("SKIPPED " + context.getDisplayName() + ": " + reason);
      Assumptions.abort(reason);
    }
    k3s = new K3sContainer(DockerImageName.parse(IMAGE));
    k3s.start();
    kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
    Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
  }

  private static boolean dockerAvailable() {
    // Without a socket or DOCKER_HOST there is nothing to ask (and Testcontainers would log its search as errors).
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (k3s != null) {
      k3s.stop();
    }
    if (kubeconfig != null) {
      Files.deleteIfExists(kubeconfig);
    }
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }
}
