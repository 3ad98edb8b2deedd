package dev.capstan.conformance;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The upstream parity scenarios on Capstan. */
class CapstanParityTest extends UpstreamParityScenarios {
  @RegisterExtension
  static final CapstanServer SERVER = new CapstanServer();

  @Override
  Cluster cluster() {
    return () -> SERVER.process().kubeconfig();
  }
}
