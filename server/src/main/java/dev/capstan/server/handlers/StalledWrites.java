package dev.capstan.server.handlers;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends watches whose client has stopped reading: a write still blocked after {@link #LIMIT} aborts the stream, as
 * upstream's watch cache drops a watcher that cannot keep up, rather than holding a thread and a slot until the
 * connection's 30 s idle timeout. Thread-safe.
 */
final class StalledWrites {
  static final Duration LIMIT = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(StalledWrites.class);
  private static final long CHECK_MILLIS = 200;
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "watch-stall-check");
    t.setDaemon(true);
    return t;
  });

  private final Set<Guarded> active = ConcurrentHashMap.newKeySet();

  StalledWrites() {
    TIMER.scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** {@code sink}, watched until the returned guard is closed. */
  Guarded guard(WatchHandler.Sink sink) {
    Guarded g = new Guarded(sink);
    active.add(g);
    return g;
  }

  private void check() {
    long now = System.nanoTime();
    for (Guarded g : active) {
      long since = g.writingSince;
      if (since != 0 && now - since > LIMIT.toNanos() && !g.aborted) {
        g.aborted = true;
        LOG.debug("closing a watch whose client stopped reading for {} ms", LIMIT.toMillis());
        try {
          g.sink.abort();
        } catch (RuntimeException e) {
          LOG.debug("aborting a stalled watch failed", e);
        }
      }
    }
  }

  /** A sink whose writes are timed. */
  final class Guarded implements WatchHandler.Sink, AutoCloseable {
    private final WatchHandler.Sink sink;
    private volatile long writingSince;
    private volatile boolean aborted;

    private Guarded(WatchHandler.Sink sink) {
      this.sink = sink;
    }

    @Override
    public void send(byte[] event) throws IOException {
      writingSince = System.nanoTime();
      try {
        sink.send(event);
      } finally {
        writingSince = 0;
      }
    }

    @Override
    public void flush() throws IOException {
      writingSince = System.nanoTime();
      try {
        sink.flush();
      } finally {
        writingSince = 0;
      }
    }

    @Override
    public void abort() {
      sink.abort();
    }

    @Override
    public void close() {
      active.remove(this);
    }
  }
}
