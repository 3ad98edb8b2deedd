package dev.capstan.conformance;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The same scenarios on k3s, proving they are upstream's behaviour; skipped, saying why, without Docker. */
class K3sParityTest extends UpstreamParityScenarios {
  @RegisterExtension
  static final K3sCluster K3S = new K3sCluster();

  @Override
  Cluster cluster() {
    return K3S;
  }
}
