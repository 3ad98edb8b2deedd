package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.authn.ServiceAccountTokens;
import dev.capstan.server.registry.Registry;
import dev.capstan.server.registry.ResourceDefinition;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code serviceaccounts/token}: a TokenRequest answered with a signed token for the service account, optionally
 * bound to a pod, as {@code kubectl create token} asks for it.
 */
final class TokenRequests {
  private static final long DEFAULT_SECONDS = 3_600;
  private static final long MIN_SECONDS = 600;
  private static final long MAX_SECONDS = 1L << 32;

  private final Registry registry;
  private final ServiceAccountTokens tokens;
  private final Clock clock;

  TokenRequests(Registry registry, ServiceAccountTokens tokens, Clock clock) {
    this.registry = registry;
    this.tokens = tokens;
    this.clock = clock;
  }

  void create(Context ctx, ResourceDefinition serviceAccounts, String namespace, String name) {
    KubeObject request = Encoding.decode(ctx, "authentication.k8s.io/v1", "TokenRequest");
    JsonNode spec = request.node().path("spec");
    JsonNode given = spec.path("expirationSeconds");
    if (!given.isMissingNode() && !given.isNull() && !given.isIntegralNumber()) {
      throw ApiException.badRequest("TokenRequest in version \"v1\" cannot be handled as a TokenRequest: json: cannot "
          + "unmarshal " + (given.isString() ? "string" : given.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
          + " into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64");
    }
    if (!spec.path("audiences").isMissingNode() && !spec.path("audiences").isNull()
        && !spec.path("audiences").isArray()) {
      throw ApiException.badRequest("TokenRequest in version \"v1\" cannot be handled as a TokenRequest: json: cannot "
          + "unmarshal " + spec.path("audiences").getNodeType().name().toLowerCase(java.util.Locale.ROOT)
          + " into Go struct field TokenRequestSpec.spec.audiences of type []string");
    }
    long seconds = spec.path("expirationSeconds").isIntegralNumber() ? spec.path("expirationSeconds").asLong()
        : DEFAULT_SECONDS;
    List<FieldError> errs = new ArrayList<>();
    if (seconds < MIN_SECONDS) {
      errs.add(FieldError.invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 10 "
          + "minutes"));
    } else if (seconds > MAX_SECONDS) {
      errs.add(FieldError.invalid("spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 "
          + "seconds"));
    }
    if (!errs.isEmpty()) {
      throw FieldError.invalid("authentication.k8s.io", "TokenRequest.authentication.k8s.io", "TokenRequest", name,
          errs);
    }
    KubeObject sa = registry.store(serviceAccounts).get(serviceAccounts.key(namespace, name));
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asString("")));
    if (audiences.isEmpty()) {
      audiences.add(ServiceAccountTokens.ISSUER);
    }
    String podName = "";
    String podUid = "";
    JsonNode bound = spec.path("boundObjectRef");
    if (bound.isObject() && "Pod".equals(bound.path("kind").asString(""))) {
      ResourceDefinition pods = registry.catalog().lookup("", "v1", "pods").orElseThrow(ApiException::pathNotFound);
      KubeObject pod = registry.store(pods).get(pods.key(namespace, bound.path("name").asString("")));
      String wantedUid = bound.path("uid").asString("");
      if (!wantedUid.isEmpty() && !wantedUid.equals(pod.uid())) {
        throw ApiException.conflict(pods.groupResource(), pod.name(), "the UID in the bound object reference ("
            + wantedUid + ") does not match the UID in record. The object might have been deleted and then "
            + "recreated");
      }
      podName = pod.name();
      podUid = pod.uid();
    }
    Instant now = clock.instant();
    String token = tokens.issue(new ServiceAccountTokens.Subject(namespace, name, sa.uid(), podName, podUid, "",
        audiences), now, seconds);

    ObjectNode out = Encoding.JSON.createObjectNode();
    out.put("kind", "TokenRequest").put("apiVersion", "authentication.k8s.io/v1");
    out.putObject("metadata").put("name", name).put("namespace", namespace).putNull("creationTimestamp");
    ObjectNode outSpec = out.putObject("spec");
    ArrayNode aud = outSpec.putArray("audiences");
    audiences.forEach(aud::add);
    outSpec.put("expirationSeconds", seconds);
    if (bound.isObject()) {
      outSpec.set("boundObjectRef", bound.deepCopy());
    } else {
      outSpec.putNull("boundObjectRef");
    }
    out.putObject("status").put("token", token)
        .put("expirationTimestamp", now.plusSeconds(seconds).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
            .toString());
    ctx.status(201);
    ctx.contentType("application/json");
    ctx.result(Encoding.JSON.writeValueAsBytes(out));
  }
}
