package dev.capstan.server.crd;

import tools.jackson.databind.node.ObjectNode;

/** Converts custom resources between the versions of one CRD, as its {@code spec.conversion} says. */
interface VersionConverter {
  /**
   * The object in {@code apiVersion}; may change and return {@code object}.
   *
   * @throws dev.capstan.api.ApiException as upstream reports a failed conversion
   */
  ObjectNode convert(ObjectNode object, String apiVersion);
}
