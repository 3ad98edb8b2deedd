package dev.capstan.server.registry.certificates;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.api.UserInfo;
import dev.capstan.server.registry.Strategy;
import dev.capstan.server.registry.shared.Rules;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CertificateSigningRequests. v1 has no scheme defaults (usages are required, unlike v1beta1 which defaulted them
 * to digital signature and key encipherment). The request must be a PEM CERTIFICATE REQUEST block; signerName is
 * a required {@code domain/path}; usages are known, distinct key usages; expirationSeconds is at least ten minutes.
 * A write to the main resource changes metadata only: spec and status are carried over, as upstream does.
 *
 * <p>Upstream also overwrites spec.username, uid, groups and extra with the requesting user on create; strategies
 * do not see the user yet, so those fields are kept as sent.
 */
final class CsrStrategy implements Strategy {
  private static final String PEM_TYPE = "CERTIFICATE REQUEST";
  private static final int MIN_EXPIRATION = 600;
  private static final List<String> USAGES = List.of("any", "cert sign", "client auth", "code signing",
      "content commitment", "crl sign", "data encipherment", "decipher only", "digital signature",
      "email protection", "encipher only", "ipsec end system", "ipsec tunnel", "ipsec user", "key agreement",
      "key encipherment", "microsoft sgc", "netscape sgc", "ocsp signing", "s/mime", "server auth", "signing",
      "timestamping");

  @Override
  public void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion)
        .nested("CertificateSigningRequestSpec", "string", "spec", "request")
        .nested("CertificateSigningRequestSpec", "string", "spec", "signerName")
        .nested("CertificateSigningRequestSpec", "int32", "spec", "expirationSeconds")
        .stringList("CertificateSigningRequestSpec", "spec", "usages");
  }

  @Override
  public void prepareForCreate(KubeObject o, UserInfo user) {
    // The zero status, which serializes as an empty object.
    o.node().putObject("status");
    if (user == null) {
      return;
    }
    // Who asked is recorded by the server, never taken from the request: approvers rely on it.
    ObjectNode spec = (ObjectNode) o.node().withObject("spec");
    spec.put("username", user.name());
    if (user.uid().isEmpty()) {
      spec.remove("uid");
    } else {
      spec.put("uid", user.uid());
    }
    ArrayNode groups = spec.putArray("groups");
    user.groups().forEach(groups::add);
    if (user.extra().isEmpty()) {
      spec.remove("extra");
    } else {
      ObjectNode extra = spec.putObject("extra");
      user.extra().forEach((k, values) -> {
        ArrayNode out = extra.putArray(k);
        values.forEach(out::add);
      });
    }
  }

  @Override
  public void prepareForStatusUpdate(KubeObject o, KubeObject old) {
    // Approval belongs to the approval subresource: a status write keeps the decision as it was.
    ArrayNode kept = o.node().arrayNode();
    old.node().path("status").path("conditions").forEach(c -> {
      if (Approvals.isDecision(c)) {
        kept.add(c.deepCopy());
      }
    });
    o.node().path("status").path("conditions").forEach(c -> {
      if (!Approvals.isDecision(c)) {
        kept.add(c.deepCopy());
      }
    });
    if (kept.isEmpty()) {
      ((ObjectNode) o.node().withObject("status")).remove("conditions");
    } else {
      ((ObjectNode) o.node().withObject("status")).set("conditions", kept);
    }
  }

  @Override
  public void prepareForUpdate(KubeObject o, KubeObject old) {
    o.node().set("spec", old.node().path("spec").deepCopy());
    o.node().set("status", old.node().path("status").deepCopy());
  }

  @Override
  public List<FieldError> validate(KubeObject o) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode spec = o.node().path("spec");
    byte[] request = decode(spec.path("request").asString(""));
    if (!isPemRequest(request)) {
      errs.add(FieldError.invalid("spec.request", Rules.goBytes(request), "PEM block type must be " + PEM_TYPE));
    }
    List<String> usages = new ArrayList<>();
    spec.path("usages").forEach(u -> usages.add(u.asString("")));
    if (usages.isEmpty()) {
      errs.add(FieldError.required("spec.usages", ""));
    }
    for (int i = 0; i < usages.size(); i++) {
      if (!USAGES.contains(usages.get(i))) {
        errs.add(Rules.notSupported("spec.usages[" + i + "]", usages.get(i), USAGES));
      }
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < usages.size(); i++) {
      if (!seen.add(usages.get(i))) {
        errs.add(Rules.duplicate("spec.usages[" + i + "]", usages.get(i)));
      }
    }
    String signer = spec.path("signerName").asString("");
    if (signer.equals("kubernetes.io/legacy-unknown")) {
      errs.add(FieldError.invalid("spec.signerName", signer, "the legacy signerName is not allowed via this API "
          + "version"));
    } else {
      errs.addAll(signerName(signer));
    }
    JsonNode expiration = spec.path("expirationSeconds");
    if (expiration.isNumber() && expiration.asLong() < MIN_EXPIRATION) {
      errs.add(FieldError.invalid("spec.expirationSeconds", expiration.asLong(),
          "may not specify a duration less than 600 seconds (10 minutes)"));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    // The spec is carried over from the stored object, which was valid when created.
    return List.of();
  }

  /** A signer name is {@code <domain>/<path>}, the domain a DNS name with at least two labels. */
  static List<FieldError> signerName(String signer) {
    String field = "spec.signerName";
    if (signer.isEmpty()) {
      return List.of(FieldError.required(field, ""));
    }
    String[] segments = signer.split("/", -1);
    if (segments.length != 2) {
      return List.of(FieldError.invalid(field, signer, "must be a fully qualified domain and path of the form "
          + "'example.com/signer-name'"));
    }
    List<FieldError> errs = new ArrayList<>();
    String domain = segments[0];
    if (domain.length() > NameRules.SUBDOMAIN_MAX) {
      errs.add(FieldError.tooLong(field, NameRules.SUBDOMAIN_MAX));
    }
    String[] labels = domain.split("\\.", -1);
    for (String label : labels) {
      List<String> bad = NameRules.dns1123Label(label);
      if (!bad.isEmpty()) {
        bad.forEach(m -> errs.add(FieldError.invalid(field, domain, "validating label " + FieldError.goQuote(label)
            + ": " + m)));
        break;
      }
    }
    if (labels.length < 2) {
      errs.add(FieldError.invalid(field, domain, "should be a domain with at least two segments separated by dots"));
    }
    return errs;
  }

  /** The request's bytes (JSON carries them in base64); undecodable text is taken as is. */
  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return base64.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** True when the first PEM block is a CERTIFICATE REQUEST (the DER inside is not parsed yet). */
  private static boolean isPemRequest(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.US_ASCII);
    int begin = text.indexOf("-----BEGIN ");
    if (begin < 0) {
      return false;
    }
    int end = text.indexOf("-----", begin + 11);
    return end > 0 && text.substring(begin + 11, end).equals(PEM_TYPE)
        && text.indexOf("-----END " + PEM_TYPE + "-----", end) > 0;
  }
}
