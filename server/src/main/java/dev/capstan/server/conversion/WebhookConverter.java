package dev.capstan.server.conversion;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code Webhook} strategy: one {@code ConversionReview} per call, in the first review version of
 * {@code conversionReviewVersions} this server speaks (v1, v1beta1), and the answer checked as kube-apiserver checks
 * it. Messages name the object's group/version/kind for a single object and the list's for several, as upstream's do.
 */
final class WebhookConverter implements CrdConversion.Strategy {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String GROUP = "apiextensions.k8s.io";
  private static final String KIND = "ConversionReview";

  private final WebhookClient client;
  /** "v1", "v1beta1", or null when the CRD lists neither. */
  private final String reviewVersion;

  private WebhookConverter(WebhookClient client, String reviewVersion) {
    this.client = client;
    this.reviewVersion = reviewVersion;
  }

  static WebhookConverter create(JsonNode webhook, ServiceResolver services, WebhookClient.Settings settings) {
    String version = null;
    for (JsonNode v : webhook.path("conversionReviewVersions")) {
      String name = v.asString("");
      if (name.equals("v1") || name.equals("v1beta1")) {
        version = name;
        break;
      }
    }
    return new WebhookConverter(WebhookClient.create(webhook.path("clientConfig"), services, settings), version);
  }

  @Override
  public List<ObjectNode> convert(List<ObjectNode> objects, String desired, String listKind) {
    boolean single = listKind == null;
    String subject = single ? Go.groupVersionKind(objects.get(0)) : Go.groupVersionKind(desired, listKind);
    if (reviewVersion == null) {
      throw Go.failure("no supported conversion review versions");
    }
    String uid = UUID.randomUUID().toString();
    JsonNode answer;
    List<JsonNode> returned;
    try {
      answer = client.post(JSON.writeValueAsBytes(review(uid, desired, objects)));
      returned = convertedObjects(answer, uid);
    } catch (WebhookClient.CallFailure | ConvertedObjects.Refused e) {
      throw Go.failure("conversion webhook for " + subject + " failed: " + e.getMessage());
    }
    if (returned.size() != objects.size()) {
      throw Go.failure("conversion webhook for " + subject + " returned " + returned.size() + " objects, expected "
          + objects.size());
    }
    List<ObjectNode> out = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.size(); i++) {
      out.add(single ? checkOne(objects.get(0), returned.get(0), desired, subject)
          : checkListItem(objects.get(i), returned.get(i), i, desired, subject));
    }
    return out;
  }

  private ObjectNode review(String uid, String desired, List<ObjectNode> objects) {
    ObjectNode review = NODES.objectNode();
    review.put("kind", KIND);
    review.put("apiVersion", GROUP + "/" + reviewVersion);
    ObjectNode request = review.putObject("request");
    request.put("uid", uid);
    request.put("desiredAPIVersion", desired);
    ArrayNode list = request.putArray("objects");
    objects.forEach(list::add);
    // kube-apiserver sends the empty response it decodes into; some webhooks echo the review back and fill it in.
    ObjectNode response = review.putObject("response");
    response.put("uid", "");
    response.putNull("convertedObjects");
    response.putObject("result").putObject("metadata");
    return review;
  }

  /** The converted objects of a review answer, or what kube-apiserver finds wrong with the answer. */
  private List<JsonNode> convertedObjects(JsonNode answer, String uid) throws ConvertedObjects.Refused {
    if (!answer.isObject()) {
      throw new ConvertedObjects.Refused("couldn't get version/kind; json parse error: json: cannot unmarshal "
          + jsonType(answer) + " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\";"
          + " Kind string \"json:\\\"kind,omitempty\\\"\" }");
    }
    String apiVersion = Go.string(answer, "apiVersion");
    String kind = Go.string(answer, "kind");
    checkDecodable(apiVersion, kind);
    if (reviewVersion.equals("v1") && !(apiVersion.equals(GROUP + "/v1") && kind.equals(KIND))) {
      // v1 answers must say what they are; upstream kept v1beta1 lenient for the webhooks written before.
      throw new ConvertedObjects.Refused("expected webhook response of " + GROUP + "/v1, Kind=" + KIND + ", got "
          + Go.groupVersionKind(apiVersion, kind));
    }
    JsonNode response = answer.get("response");
    if (response == null || response.isNull()) {
      throw new ConvertedObjects.Refused("no response provided");
    }
    if (!response.isObject()) {
      throw new ConvertedObjects.Refused("json: cannot unmarshal " + jsonType(response) + " into Go struct field "
          + KIND + ".response of type " + reviewVersion + ".ConversionResponse");
    }
    if (reviewVersion.equals("v1") && !Go.string(response, "uid").equals(uid)) {
      throw new ConvertedObjects.Refused("expected response.uid=" + Go.quote(uid) + ", got "
          + Go.quote(Go.string(response, "uid")));
    }
    JsonNode result = response.path("result");
    String status = Go.string(result, "status");
    if (!status.equals("Success")) {
      String message = Go.string(result, "message");
      throw new ConvertedObjects.Refused(!message.isEmpty() ? message
          : "response.result.status was '" + status + "', not 'Success'");
    }
    JsonNode converted = response.get("convertedObjects");
    List<JsonNode> out = new ArrayList<>();
    if (converted == null || converted.isNull()) {
      return out;
    }
    if (!converted.isArray()) {
      throw new ConvertedObjects.Refused("json: cannot unmarshal " + jsonType(converted) + " into Go struct field "
          + "ConversionResponse.response.convertedObjects of type []runtime.RawExtension");
    }
    converted.forEach(out::add);
    return out;
  }

  /**
   * What kube-apiserver's decoder does with the answer's type: fills a missing kind or group/version from the
   * review it asked for, refuses types it does not know, and cannot turn one review version into the other.
   */
  private void checkDecodable(String apiVersion, String kind) throws ConvertedObjects.Refused {
    String effectiveKind = kind.isEmpty() ? KIND : kind;
    String effective = apiVersion.isEmpty() ? GROUP + "/" + reviewVersion : apiVersion;
    boolean known = effectiveKind.equals(KIND)
        && (effective.equals(GROUP + "/v1") || effective.equals(GROUP + "/v1beta1"));
    if (!known) {
      throw new ConvertedObjects.Refused("no kind " + Go.quote(effectiveKind) + " is registered for version "
          + Go.quote(effective) + " in scheme \"k8s.io/apiserver/pkg/util/webhook/client.go\"");
    }
    String answered = effective.substring(GROUP.length() + 1);
    if (!answered.equals(reviewVersion)) {
      throw new ConvertedObjects.Refused("converting (" + answered + "." + KIND + ") to (" + reviewVersion + "."
          + KIND + "): unknown conversion");
    }
  }

  /** Upstream's checks of the object converted from a single object; its messages say "invalid object". */
  private static ObjectNode checkOne(ObjectNode original, JsonNode item, String desired, String subject) {
    ObjectNode converted;
    try {
      converted = unstructured(item);
    } catch (ConvertedObjects.Refused e) {
      // Upstream returns this one undecorated.
      throw Go.failure(e.getMessage());
    }
    String prefix = "conversion webhook for " + subject + " returned invalid object";
    checkType(original, converted, desired, prefix + " at index 0: ");
    try {
      ConvertedObjects.checkIdentity(original, converted);
    } catch (ConvertedObjects.Refused e) {
      throw Go.failure(prefix + ": " + e.getMessage());
    }
    try {
      ConvertedObjects.restoreMetadata(original, converted);
    } catch (ConvertedObjects.Refused e) {
      throw Go.failure("conversion webhook for " + subject + " returned invalid metadata: " + e.getMessage());
    }
    return converted;
  }

  /**
   * Upstream's checks of one item converted from a list. Upstream counts the item before most of its checks, so
   * those messages give the index one higher than the item's; they are kept so, as clients see them.
   */
  private static ObjectNode checkListItem(ObjectNode original, JsonNode item, int index, String desired,
      String subject) {
    String prefix = "conversion webhook for " + subject + " returned invalid converted object at index ";
    ObjectNode converted;
    try {
      converted = unstructured(item);
    } catch (ConvertedObjects.Refused e) {
      throw Go.failure(prefix + index + ": " + e.getMessage());
    }
    int shown = index + 1;
    checkType(original, converted, desired, prefix + shown + ": ");
    try {
      ConvertedObjects.checkIdentity(original, converted);
    } catch (ConvertedObjects.Refused e) {
      throw Go.failure(prefix + shown + ": " + e.getMessage());
    }
    try {
      ConvertedObjects.restoreMetadata(original, converted);
    } catch (ConvertedObjects.Refused e) {
      throw Go.failure("conversion webhook for " + subject + " returned invalid metadata in object at index "
          + shown + ": " + e.getMessage());
    }
    return converted;
  }

  private static void checkType(ObjectNode original, ObjectNode converted, String desired, String prefix) {
    String expected = Go.groupVersion(desired);
    String received = Go.groupVersion(Go.string(converted, "apiVersion"));
    if (!expected.equals(received)) {
      throw Go.failure(prefix + "invalid groupVersion (expected " + expected + ", received " + received + ")");
    }
    String kind = Go.string(original, "kind");
    String got = Go.string(converted, "kind");
    if (!kind.equals(got)) {
      throw Go.failure(prefix + "invalid kind (expected " + kind + ", received " + got + ")");
    }
  }

  /** An answer item as Go's unstructured decoding takes it: a JSON object with a kind. */
  private static ObjectNode unstructured(JsonNode item) throws ConvertedObjects.Refused {
    if (item.isNull()) {
      throw new ConvertedObjects.Refused("unexpected end of JSON input");
    }
    if (!item.isObject()) {
      throw new ConvertedObjects.Refused("json: cannot unmarshal " + jsonType(item)
          + " into Go value of type map[string]interface {}");
    }
    if (Go.string(item, "kind").isEmpty()) {
      throw new ConvertedObjects.Refused("Object 'Kind' is missing in '" + item + "'");
    }
    return (ObjectNode) item;
  }

  /** The JSON type word Go's decoder uses in "cannot unmarshal X into". */
  private static String jsonType(JsonNode node) {
    if (node.isArray()) {
      return "array";
    }
    if (node.isObject()) {
      return "object";
    }
    if (node.isString()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    return "number";
  }
}
