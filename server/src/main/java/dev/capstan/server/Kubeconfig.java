package dev.capstan.server;

import dev.capstan.server.pki.ClusterPki;
import dev.capstan.server.pki.SecureFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

/** Writes the admin kubeconfig: the CA and the admin's certificate and key embedded, readable by kubectl and fabric8. */
final class Kubeconfig {
  static final String CLUSTER = "capstan";
  static final String USER = ClusterPki.ADMIN_USER;
  static final String CONTEXT = USER + "@" + CLUSTER;

  private Kubeconfig() {}

  static void writeAdmin(Path file, String serverUrl, ClusterPki pki) throws IOException {
    String yaml = "apiVersion: v1\n"
        + "kind: Config\n"
        + "clusters:\n"
        + "- cluster:\n"
        + "    certificate-authority-data: " + b64(pki.caPem()) + "\n"
        + "    server: " + serverUrl + "\n"
        + "  name: " + CLUSTER + "\n"
        + "contexts:\n"
        + "- context:\n"
        + "    cluster: " + CLUSTER + "\n"
        + "    user: " + USER + "\n"
        + "  name: " + CONTEXT + "\n"
        + "current-context: " + CONTEXT + "\n"
        + "preferences: {}\n"
        + "users:\n"
        + "- name: " + USER + "\n"
        + "  user:\n"
        + "    client-certificate-data: " + b64(pki.adminCertificatePem()) + "\n"
        + "    client-key-data: " + b64(pki.adminKeyPem()) + "\n";
    SecureFiles.writeOwnerOnly(file, yaml);
  }

  private static String b64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
