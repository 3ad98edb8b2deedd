package dev.capstan.server.registry.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.registry.ResourceDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class CertificatesResourcesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant NOW = Instant.parse("2026-01-01T00:05:00Z");
  private static final String PEM = Base64.getEncoder().encodeToString(("-----BEGIN CERTIFICATE REQUEST-----\n"
      + "MIIBAA==\n-----END CERTIFICATE REQUEST-----\n").getBytes(StandardCharsets.US_ASCII));

  @Test
  void definitionServesStatusApprovalAndTheSignerFieldSelector() {
    ResourceDefinition d = CertificatesResources.certificateSigningRequests();
    assertThat(d.shortNames()).containsExactly("csr");
    assertThat(d.subresources()).extracting(ResourceDefinition.Subresource::name).containsExactly("status",
        "approval");
    assertThat(d.fieldSelectors()).containsKey("spec.signerName");
    assertThat(d.columns()).extracting(c -> c.name()).containsExactly("Name", "Age", "SignerName", "Requestor",
        "RequestedDuration", "Condition");
  }

  @Test
  void rowSummarisesTheConditions() {
    KubeObject csr = object("{\"metadata\":{\"name\":\"node-csr-1\",\"creationTimestamp\":\"2026-01-01T00:00:00Z\"},"
        + "\"spec\":{\"signerName\":\"kubernetes.io/kube-apiserver-client-kubelet\",\"username\":"
        + "\"system:bootstrap:abc\",\"expirationSeconds\":86400},\"status\":{\"certificate\":\"Zm9v\","
        + "\"conditions\":[{\"type\":\"Approved\",\"status\":\"True\"},{\"type\":\"Failed\",\"status\":\"True\"}]}}");
    assertThat(CertificatesResources.certificateSigningRequests().printer().cells(csr, NOW)).containsExactly(
        "node-csr-1", "5m", "kubernetes.io/kube-apiserver-client-kubelet", "system:bootstrap:abc", "24h",
        "Approved,Failed,Issued");
    KubeObject pending = object("{\"metadata\":{\"name\":\"p\"},\"spec\":{},\"status\":{\"conditions\":["
        + "{\"type\":\"Approved\"},{\"type\":\"Denied\"}]}}");
    assertThat(CertificatesResources.certificateSigningRequests().printer().cells(pending, NOW))
        .containsExactly("p", "<unknown>", "<none>", "", "<none>", "Denied");
  }

  @Test
  void validationRequiresAPemRequestUsagesAndASignerName() {
    CsrStrategy s = new CsrStrategy();
    KubeObject good = object("{\"metadata\":{\"name\":\"c\"},\"spec\":{\"request\":\"" + PEM + "\","
        + "\"signerName\":\"example.com/signer\",\"usages\":[\"client auth\",\"digital signature\"]}}");
    assertThat(s.validate(good)).isEmpty();

    KubeObject bad = object("{\"metadata\":{\"name\":\"c\"},\"spec\":{\"request\":\"LS0=\",\"signerName\":"
        + "\"example/signer\",\"usages\":[\"client auth\",\"client auth\",\"flying\"],\"expirationSeconds\":60}}");
    assertThat(s.validate(bad)).extracting(FieldError::message).containsExactly(
        "spec.request: Invalid value: []byte{0x2d, 0x2d}: PEM block type must be CERTIFICATE REQUEST",
        "spec.usages[2]: Unsupported value: \"flying\": supported values: \"any\", \"cert sign\", \"client auth\", "
            + "\"code signing\", \"content commitment\", \"crl sign\", \"data encipherment\", \"decipher only\", "
            + "\"digital signature\", \"email protection\", \"encipher only\", \"ipsec end system\", \"ipsec tunnel\", "
            + "\"ipsec user\", \"key agreement\", \"key encipherment\", \"microsoft sgc\", \"netscape sgc\", "
            + "\"ocsp signing\", \"s/mime\", \"server auth\", \"signing\", \"timestamping\"",
        "spec.usages[1]: Duplicate value: \"client auth\"",
        "spec.signerName: Invalid value: \"example\": should be a domain with at least two segments separated by dots",
        "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)");
    assertThat(s.validate(object("{\"metadata\":{\"name\":\"c\"},\"spec\":{\"request\":\"" + PEM + "\"}}")))
        .extracting(FieldError::message).containsExactly("spec.usages: Required value",
            "spec.signerName: Required value");
  }

  @Test
  void mainResourceUpdatesKeepSpecAndStatus() {
    KubeObject old = object("{\"metadata\":{\"name\":\"c\"},\"spec\":{\"signerName\":\"a.b/c\"},\"status\":{"
        + "\"certificate\":\"Zm9v\"}}");
    KubeObject next = object("{\"metadata\":{\"name\":\"c\",\"labels\":{\"x\":\"y\"}},\"spec\":{\"signerName\":"
        + "\"d.e/f\"},\"status\":{}}");
    new CsrStrategy().prepareForUpdate(next, old);
    assertThat(next.node().path("spec").path("signerName").asString()).isEqualTo("a.b/c");
    assertThat(next.node().path("status").path("certificate").asString()).isEqualTo("Zm9v");
  }

  private static KubeObject object(String json) {
    return KubeObject.wrap((ObjectNode) JSON.readTree(json));
  }
}
