package dev.capstan.server.patch;

import dev.capstan.api.ApiException;
import dev.capstan.api.StatusDetails;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The errors a strategic merge patch fails with, as the server reports them: the malformed-directive errors
 * upstream maps to 400, list-of-lists to 422, and everything else passed through unmapped, which a client sees as
 * a 500 with no reason and the bare message.
 */
final class PatchErrors {
  static final String BAD_PRIMITIVE_LIST = "invalid patch format of primitive list";
  static final String BAD_RETAIN_KEYS = "invalid patch format of retainKeys";
  static final String BAD_SET_ELEMENT_ORDER = "invalid patch format of setElementOrder list";

  private PatchErrors() {}

  static ApiException badRequest(String message) {
    return ApiException.badRequest(message);
  }

  /** 422 as upstream's generic server response builds it: a fixed message, the cause in the details. */
  static ApiException listOfLists() {
    return new ApiException(422, "Invalid", "the server rejected our request due to an error in our request",
        new StatusDetails("", "", "", null, 0, List.of(
            new StatusDetails.Cause("UnexpectedServerResponse", "lists of lists are not supported", ""))));
  }

  /** An error upstream does not translate: status 500, reason unknown (empty), the message as is. */
  static ApiException unmapped(String message) {
    return new ApiException(500, "", message, null);
  }

  static ApiException noMergeKey(JsonNode item, String mergeKey) {
    return unmapped("map: " + GoValues.format(item) + " does not contain declared merge key: " + mergeKey);
  }

  static ApiException unknownPatchType(JsonNode directive, JsonNode map) {
    return unmapped("unknown patch type: " + GoValues.formatString(directive) + " in map: " + GoValues.format(map));
  }

  static ApiException badArgType(String expected, JsonNode actual) {
    return unmapped("expected a " + expected + ", but received a " + GoValues.typeName(actual));
  }
}
