package dev.capstan.server.handlers;

import dev.capstan.api.ApiException;
import dev.capstan.api.StatusDetails;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The watches one server runs at once, over HTTP and WebSocket together. Each holds a thread while it runs, so
 * past the limit a new watch is upstream's 429 with a Retry-After, and the client retries, rather than queueing
 * behind the others.
 */
public final class WatchSlots {
  /** Sized to what 2 cores and the default heap hold with room to spare (see the Core API issue's figures). */
  public static final int DEFAULT_LIMIT = 4_000;

  private final int limit;
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean draining;

  public WatchSlots(int limit) {
    this.limit = limit;
  }

  /** Takes a slot; the caller gives it back with {@link #release}. @throws ApiException 429 when none is free */
  void acquire() {
    if (running.incrementAndGet() > limit) {
      running.decrementAndGet();
      throw new ApiException(429, "TooManyRequests", "Too many requests, please try again later.",
          new StatusDetails("", "", "", null, 1));
    }
  }

  void release() {
    running.decrementAndGet();
  }

  /**
   * Ends every running watch within a poll interval and refuses none (clients re-list elsewhere or after a
   * restart): called as the server shuts down, so in-flight watches do not hold the graceful stop.
   */
  public void drain() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  /** Watches running now. */
  public int running() {
    return running.get();
  }
}
