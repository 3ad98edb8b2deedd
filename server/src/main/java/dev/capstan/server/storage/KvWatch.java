package dev.capstan.server.storage;

/** A running watch. Closing it stops delivery; no listener call starts after {@code close} returns. */
public interface KvWatch extends AutoCloseable {

  @Override
  void close();

  /** Receives a watch's events. Calls for one watch never overlap. */
  interface Listener {
    /** The next event, in revision order. */
    void onEvent(KvEvent event);

    /** The watch has ended with an error (e.g. {@code COMPACTED}); no more calls follow. */
    void onError(StorageException error);

    /**
     * Every event up to {@code revision} has been delivered, though none since the last one matched this watch
     * (writes elsewhere moved the store on). Only stores whose {@link KvStore#notifiesProgress()} is true call it.
     */
    default void onProgress(long revision) {}
  }
}
