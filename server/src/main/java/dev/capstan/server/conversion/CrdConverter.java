package dev.capstan.server.conversion;

import dev.capstan.api.ApiException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts custom resources between the served versions of one CustomResourceDefinition, as its
 * {@code spec.conversion} says: {@code None} only rewrites {@code apiVersion}; {@code Webhook} posts a
 * {@code ConversionReview} to the CRD's webhook over HTTPS and checks what comes back the way kube-apiserver does.
 *
 * <p>Thread-safe; one instance serves every request for its CRD (it holds the webhook's HTTP client). A converter is
 * built for one generation of the CRD's spec: when the spec changes, build a new one.
 */
public interface CrdConverter {

  /**
   * Converts objects of this CRD (any of its versions) to {@code desired}, e.g. {@code "stable.example.com/v1"}.
   *
   * <p>The result has one object per input object, in the same order. Objects already at {@code desired} are returned
   * as the same instances, and when every object is, the webhook is not called. Other objects come back as new
   * objects; the arguments are never modified. A single object is converted as kube-apiserver converts one object (its
   * errors name the object's own group/version/kind); several are sent in one review, as upstream converts a list.
   * The webhook may change only {@code metadata.labels} and {@code metadata.annotations}: the rest of
   * {@code metadata} is restored from the original object.
   *
   * @throws ApiException 500 with an empty reason and upstream's message when the conversion fails: an unknown
   *     version, the webhook unreachable or timing out, a TLS failure, a non-2xx answer, a malformed review, a
   *     {@code uid} mismatch, a {@code Failure} result, the wrong number of objects, or an object whose
   *     apiVersion, kind, name, namespace, uid, labels or annotations are not acceptable
   */
  List<ObjectNode> convert(List<ObjectNode> objects, String desired);

  /**
   * The converter for a CRD's {@code spec} (the v1 shape: {@code group}, {@code names}, {@code versions},
   * {@code conversion}). A missing {@code conversion} means {@code None}.
   *
   * @param services resolves {@code conversion.webhook.clientConfig.service}; unused for {@code None} or a URL
   * @throws ApiException 500 {@code InternalError} when the webhook client cannot be built (e.g. a caBundle that
   *     holds no certificate), as kube-apiserver fails every request for such a CRD
   */
  static CrdConverter of(JsonNode crdSpec, ServiceResolver services) {
    return CrdConversion.create(crdSpec, services, WebhookClient.Settings.UPSTREAM);
  }
}
