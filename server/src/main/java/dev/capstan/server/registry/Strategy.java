package dev.capstan.server.registry;

import dev.capstan.api.FieldError;
import dev.capstan.api.KubeObject;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.validation.NameRules;
import dev.capstan.server.validation.TypeChecks;
import java.util.List;
import java.util.function.Function;

/**
 * What is particular to one kind (upstream's per-type strategy): defaults, validation and the rules for its
 * names. The algorithm that applies them exists once, in the handlers. Implementations are stateless.
 */
public interface Strategy {
  /** The rule for this kind's names; most kinds use DNS subdomains. */
  default Function<String, List<String>> nameRule() {
    return NameRules::dns1123Subdomain;
  }

  /** True when names follow the DNS label rule (namespaces), which generateName then follows too. */
  default boolean labelNames() {
    return false;
  }

  /**
   * Checks the JSON types of this kind's fields, as decoding into upstream's Go types does; the default checks
   * ObjectMeta only.
   *
   * @throws dev.capstan.api.ApiException 400 for a field of the wrong type
   */
  default void checkTypes(KubeObject o, String kind, String apiVersion) {
    TypeChecks.of(o, kind, apiVersion);
  }

  /**
   * Fills fields a client left out with upstream's defaults (the scheme's defaulting, which runs whenever an
   * object is decoded): on create, on update and on the result of a patch. May change {@code o}.
   */
  default void applyDefaults(KubeObject o) {}

  /**
   * Sets server-owned fields of a new object; may change {@code o}. Runs after {@link #applyDefaults}; for a
   * resource with a status subresource, {@code status} has already been removed unless
   * {@link #keepsStatusOnCreate} says otherwise.
   */
  default void prepareForCreate(KubeObject o) {}

  /**
   * {@link #prepareForCreate(KubeObject)} for kinds that record who created them.
   *
   * @param user the requesting user, or null when the server itself creates the object
   */
  default void prepareForCreate(KubeObject o, dev.capstan.api.UserInfo user) {
    prepareForCreate(o);
  }

  /** True for the few kinds whose creator may set the status too (nodes); most have it cleared on create. */
  default boolean keepsStatusOnCreate() {
    return false;
  }

  /** The kind-specific errors of a new object (metadata is checked separately). Must not change {@code o}. */
  default List<FieldError> validate(KubeObject o) {
    return List.of();
  }

  /**
   * Reserves what the object takes from shared pools (service IPs, node ports) just before it is first stored;
   * may fill fields of {@code o}. Not called for dry runs.
   */
  default void allocate(KubeObject o, KvStore kv) {}

  /** Gives back what {@link #allocate} reserved, after a delete or a create that failed. */
  default void release(KubeObject o, KvStore kv) {}

  /** Carries over what an update may not change; may change {@code o}, never {@code old}. */
  default void prepareForUpdate(KubeObject o, KubeObject old) {}

  /** The kind-specific errors of an update. */
  default List<FieldError> validateUpdate(KubeObject o, KubeObject old) {
    return validate(o);
  }

  /**
   * Adjusts a write to {@code /status}, after the registry has carried over everything but {@code status} from
   * {@code old}; may change {@code o}.
   */
  default void prepareForStatusUpdate(KubeObject o, KubeObject old) {}

  /** The errors of a write to {@code /status}. */
  default List<FieldError> validateStatusUpdate(KubeObject o, KubeObject old) {
    return List.of();
  }

  /**
   * How long a delete waits before the object goes (upstream's graceful deletion, which only pods use): 0 removes
   * it at once, more leaves it in place with {@code deletionTimestamp} set for its owner (the kubelet) to finish.
   *
   * @param requested the request's {@code gracePeriodSeconds}, or null when it gave none
   */
  default long gracePeriodSeconds(KubeObject o, Long requested) {
    return 0;
  }

  /**
   * For kinds that clean up before they go (upstream's CustomResourceDefinitions delete their custom resources
   * first): marks {@code o} on its first delete, adding the kind's finalizer and whatever else shows it (a
   * condition), and returns true. Most kinds return false and are deleted as usual.
   */
  default boolean markForDeletion(KubeObject o, java.time.Instant now) {
    return false;
  }
}
