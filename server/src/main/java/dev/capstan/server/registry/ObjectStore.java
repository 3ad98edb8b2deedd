package dev.capstan.server.registry;

import dev.capstan.api.KubeObject;

/**
 * Objects of one resource over a {@code KvStore}: the typed layer written once for every type. The object's
 * {@code metadata.resourceVersion} is the store's mod revision; it is set on every object returned and never
 * stored. Every failure is an {@code ApiException} worded as upstream words it ({@code configmaps "x" not
 * found}, {@code ... already exists}, {@code Operation cannot be fulfilled on ...}).
 *
 * <p>Thread-safe. Objects passed in are not retained; objects returned belong to the caller.
 */
public interface ObjectStore {

  /** Stores a new object; its {@code resourceVersion} must be empty. @throws dev.capstan.api.ApiException 409 */
  KubeObject create(String key, KubeObject object);

  /** The current object. @throws dev.capstan.api.ApiException 404 */
  KubeObject get(String key);

  /** A page of the objects under {@code prefix}, in key order. */
  ObjectList list(String prefix, ListOptions options);

  /**
   * Reads the current object, applies {@code update} and writes the result if the object did not change in the
   * meantime; otherwise reads again and repeats. An update that changes nothing is not written, and the
   * resourceVersion stays as it was.
   *
   * @param update must be a pure function of its argument (a copy the function may change): it may run more
   *     than once
   * @throws dev.capstan.api.ApiException 404 when the object does not exist; 409 when a precondition fails
   */
  KubeObject guaranteedUpdate(String key, Preconditions preconditions, UpdateFunction update);

  /** Deletes the object, returning it as it was last stored. @throws dev.capstan.api.ApiException 404, 409 */
  KubeObject delete(String key, Preconditions preconditions);

  /** Computes the desired object from the current one. */
  @FunctionalInterface
  interface UpdateFunction {
    KubeObject apply(KubeObject current);
  }
}
