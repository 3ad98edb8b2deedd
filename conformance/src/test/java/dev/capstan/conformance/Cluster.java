package dev.capstan.conformance;

import java.nio.file.Path;

/** A cluster the conformance scenarios drive: Capstan, or a real Kubernetes (k3s) to prove the expectations. */
interface Cluster {
  Path kubeconfig();
}
