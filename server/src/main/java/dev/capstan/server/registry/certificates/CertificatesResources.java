package dev.capstan.server.registry.certificates;

import static dev.capstan.server.registry.shared.Cells.AGE;
import static dev.capstan.server.registry.shared.Cells.NAME;
import static dev.capstan.server.registry.shared.Cells.column;

import dev.capstan.api.KubeObject;
import dev.capstan.server.printers.Ages;
import dev.capstan.server.registry.ResourceDefinition;
import dev.capstan.server.registry.shared.Cells;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * certificates.k8s.io/v1: CertificateSigningRequests, with the status subresource signers write and the approval
 * subresource approvers write. No signer runs here.
 */
public final class CertificatesResources {
  static final String GROUP = "certificates.k8s.io";

  private CertificatesResources() {}

  public static List<ResourceDefinition> all() {
    return List.of(certificateSigningRequests());
  }

  static ResourceDefinition certificateSigningRequests() {
    return ResourceDefinition.builder(GROUP, "v1", "certificatesigningrequests", "CertificateSigningRequest")
        .clusterScoped().shortNames("csr").strategy(new CsrStrategy()).statusSubresource()
        .subresource("approval", GROUP, "v1", "CertificateSigningRequest", "get", "patch", "update")
        .fieldSelectors("spec.signerName")
        .table(List.of(NAME,
            AGE,
            column("SignerName", "string", "Requested signer for the request."),
            column("Requestor", "string", "Base64-encoded PKCS#10 CSR data"),
            column("RequestedDuration", "string", "expirationSeconds is the requested duration of validity of the "
                + "issued certificate."),
            column("Condition", "string", "Conditions applied to the request, such as approval or denial.")),
        (o, now) -> {
          JsonNode spec = o.node().path("spec");
          String signer = Cells.text(spec, "signerName");
          JsonNode expiration = spec.path("expirationSeconds");
          return List.of(o.name(), Cells.age(o, now), signer.isEmpty() ? "<none>" : signer,
              Cells.text(spec, "username"),
              expiration.isNumber() ? Ages.human(Duration.ofSeconds(expiration.asLong())) : "<none>", condition(o));
        })
        .build();
  }

  /**
   * Denied wins over Approved, otherwise Pending; then ",Failed" for a Failed condition and ",Issued" once a
   * certificate is present, as upstream's printer summarises them.
   */
  static String condition(KubeObject o) {
    boolean approved = false;
    boolean denied = false;
    boolean failed = false;
    for (JsonNode c : o.node().path("status").path("conditions")) {
      switch (c.path("type").asString("")) {
        case "Approved" -> approved = true;
        case "Denied" -> denied = true;
        case "Failed" -> failed = true;
        default -> { }
      }
    }
    String out = denied ? "Denied" : approved ? "Approved" : "Pending";
    if (failed) {
      out += ",Failed";
    }
    if (!o.node().path("status").path("certificate").asString("").isEmpty()) {
      out += ",Issued";
    }
    return out;
  }
}
