package dev.capstan.bench;

import dev.capstan.embedded.EmbeddedCapstan;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Embedded start in a fresh JVM: {@code EmbeddedCapstan.start()} to the first answered request (GET of the
 * default namespace through fabric8), once cold and then warm. Prints {@code COLD ms} and {@code WARM ms...}.
 */
public final class EmbeddedStart {
  private EmbeddedStart() {}

  public static void main(String[] args) {
    int warm = Integer.parseInt(args[0]);
    StringBuilder line = new StringBuilder("WARM");
    for (int i = 0; i <= warm; i++) {
      long t0 = System.nanoTime();
      try (EmbeddedCapstan capstan = EmbeddedCapstan.start(); KubernetesClient c = capstan.newClient()) {
        c.namespaces().withName("default").get();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (i == 0) {
          System.out.printf("COLD %f%n", ms);
        } else {
          line.append(' ').append(ms);
        }
      }
    }
    System.out.println(line);
    System.exit(0);
  }
}
