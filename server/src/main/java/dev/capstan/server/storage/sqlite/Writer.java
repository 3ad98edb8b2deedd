package dev.capstan.server.storage.sqlite;

import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvEvent;
import dev.capstan.server.storage.LocalWatchHub;
import dev.capstan.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer. Concurrent writes queue here and are committed in groups: one transaction and one
 * fsync for everything that arrived while the previous group was committing. Each write in a group is checked
 * and applied on its own, so a lost compare-and-swap fails only that write. Events are published in revision
 * order after the commit, so a watcher never sees a write that could still roll back.
 *
 * <p>Everything but {@link #submit} and {@link #close} runs on the writer thread, which owns the connection
 * and the revision counter: no locks.
 */
final class Writer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
  private static final int MAX_GROUP = 512;
  private static final Op STOP = tx -> null;

  /** One write, run inside the group's transaction; returns its event, or null when it changes no key. */
  @FunctionalInterface
  interface Op {
    KvEvent apply(Tx tx) throws SQLException;
  }

  private record Pending(Op op, CompletableFuture<KvEvent> result) {}

  private final Connection conn;
  private final LocalWatchHub hub;
  private final LongConsumer onCommit;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Tx tx;
  private volatile boolean closing;

  Writer(Connection conn, long revision, LocalWatchHub hub, LongConsumer onCommit) throws SQLException {
    this.conn = conn;
    this.hub = hub;
    this.onCommit = onCommit;
    conn.setAutoCommit(false);
    this.tx = new Tx(conn, revision);
    this.thread = new Thread(this::loop, "sqlite-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Runs a write in the next group and waits for its commit. */
  KvEvent submit(Op op) {
    CompletableFuture<KvEvent> f = enqueue(op);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.unavailable("interrupted while waiting for the commit; the write may have happened", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StorageException se) {
        throw se;
      }
      throw StorageException.unavailable("write failed: " + e.getCause(), e.getCause());
    }
  }

  /** Queues a write without waiting for it (compaction steps). */
  CompletableFuture<KvEvent> enqueue(Op op) {
    if (closing) {
      return CompletableFuture.failedFuture(StorageException.closed());
    }
    CompletableFuture<KvEvent> f = new CompletableFuture<>();
    queue.add(new Pending(op, f));
    return f;
  }

  private void loop() {
    List<Pending> group = new ArrayList<>();
    List<KvEvent> events = new ArrayList<>();
    List<Object> outcomes = new ArrayList<>();
    while (true) {
      try {
        group.add(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queue.drainTo(group, MAX_GROUP - 1);
      boolean stop = false;
      long start = tx.revision;
      try {
        for (Pending p : group) {
          if (p.op == STOP) {
            stop = true;
            outcomes.add(null);
            continue;
          }
          outcomes.add(applyOne(p.op, events));
        }
        conn.commit();
      } catch (SQLException | RuntimeException e) {
        LOG.error("sqlite commit of {} writes failed; none of them happened", group.size(), e);
        rollback(start);
        StorageException failure = StorageException.unavailable("sqlite write failed: " + e.getMessage(), e);
        group.forEach(p -> p.result.completeExceptionally(failure));
        group.clear();
        events.clear();
        outcomes.clear();
        continue;
      }
      onCommit.accept(tx.revision);
      hub.publish(events);
      for (int i = 0; i < group.size(); i++) {
        Object o = outcomes.get(i);
        if (o instanceof StorageException se) {
          group.get(i).result.completeExceptionally(se);
        } else {
          group.get(i).result.complete((KvEvent) o);
        }
      }
      group.clear();
      events.clear();
      outcomes.clear();
      if (stop) {
        return;
      }
    }
  }

  private Object applyOne(Op op, List<KvEvent> events) throws SQLException {
    try {
      KvEvent e = op.apply(tx);
      if (e != null) {
        events.add(e);
      }
      return e;
    } catch (StorageException e) {
      return e;
    }
  }

  private void rollback(long revisionBefore) {
    try {
      conn.rollback();
    } catch (SQLException e) {
      LOG.error("sqlite rollback failed", e);
    }
    tx.revision = revisionBefore;
  }

  /** Stops after the writes already queued; later ones fail with {@code CLOSED}. */
  @Override
  public void close() {
    closing = true;
    queue.add(new Pending(STOP, new CompletableFuture<>()));
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      p.result.completeExceptionally(StorageException.closed());
    }
  }

  /** The statements a write runs; owned by the writer thread. */
  static final class Tx {
    private final PreparedStatement selectCurrent;
    private final PreparedStatement selectLatestRow;
    private final PreparedStatement insertLog;
    private final PreparedStatement insertCurrent;
    private final PreparedStatement updateCurrent;
    private final PreparedStatement deleteCurrent;
    private final PreparedStatement setMeta;
    private final PreparedStatement compactWindow;
    long revision;

    Tx(Connection c, long revision) throws SQLException {
      this.revision = revision;
      selectCurrent = c.prepareStatement("SELECT c.revision, c.create_revision, l.value FROM current c "
          + "JOIN log l ON l.id = c.revision WHERE c.name = ?");
      selectLatestRow = c.prepareStatement("SELECT MAX(id) FROM log WHERE name = ?");
      insertLog = c.prepareStatement("INSERT INTO log (id, name, deleted, create_revision, prev_revision, value) "
          + "VALUES (?, ?, ?, ?, ?, ?)");
      insertCurrent = c.prepareStatement("INSERT INTO current (name, revision, create_revision) VALUES (?, ?, ?)");
      updateCurrent = c.prepareStatement("UPDATE current SET revision = ? WHERE name = ?");
      deleteCurrent = c.prepareStatement("DELETE FROM current WHERE name = ?");
      setMeta = c.prepareStatement("INSERT INTO meta (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v");
      // Drops versions superseded at or before the compacted revision, and deletions at or before it.
      compactWindow = c.prepareStatement("DELETE FROM log WHERE id > ? AND id <= ? AND (deleted = 1 OR EXISTS "
          + "(SELECT 1 FROM log n WHERE n.name = log.name AND n.id > log.id AND n.id <= ?))");
    }

    /** The live version of a key, or null. */
    KeyValue current(String key) throws SQLException {
      selectCurrent.setString(1, key);
      try (ResultSet rs = selectCurrent.executeQuery()) {
        return rs.next() ? new KeyValue(key, rs.getBytes(3), rs.getLong(2), rs.getLong(1)) : null;
      }
    }

    KeyValue insertVersion(String key, byte[] value, KeyValue prev) throws SQLException {
      long rev = revision + 1;
      long createRevision = prev == null ? rev : prev.createRevision();
      // A re-created key chains to its deletion row, so (name, prev_revision) stays unique as in kine.
      long prevRevision = prev == null ? latestRow(key) : prev.modRevision();
      insertRow(rev, key, false, createRevision, prevRevision, value);
      if (prev == null) {
        insertCurrent.setString(1, key);
        insertCurrent.setLong(2, rev);
        insertCurrent.setLong(3, createRevision);
        insertCurrent.executeUpdate();
      } else {
        updateCurrent.setLong(1, rev);
        updateCurrent.setString(2, key);
        updateCurrent.executeUpdate();
      }
      revision = rev;
      return new KeyValue(key, value, createRevision, rev);
    }

    private long latestRow(String key) throws SQLException {
      selectLatestRow.setString(1, key);
      try (ResultSet rs = selectLatestRow.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }

    KeyValue insertDeletion(KeyValue prev) throws SQLException {
      long rev = revision + 1;
      insertRow(rev, prev.key(), true, prev.createRevision(), prev.modRevision(), new byte[0]);
      deleteCurrent.setString(1, prev.key());
      deleteCurrent.executeUpdate();
      revision = rev;
      return new KeyValue(prev.key(), prev.value(), prev.createRevision(), rev);
    }

    void setMeta(String key, long value) throws SQLException {
      setMeta.setString(1, key);
      setMeta.setLong(2, value);
      setMeta.executeUpdate();
    }

    /** Deletes the rows with ids in {@code (from, to]} that compaction at {@code compacted} discards. */
    int compactWindow(long from, long to, long compacted) throws SQLException {
      compactWindow.setLong(1, from);
      compactWindow.setLong(2, to);
      compactWindow.setLong(3, compacted);
      return compactWindow.executeUpdate();
    }

    private void insertRow(long id, String key, boolean deleted, long createRevision, long prevRevision,
        byte[] value) throws SQLException {
      insertLog.setLong(1, id);
      insertLog.setString(2, key);
      insertLog.setInt(3, deleted ? 1 : 0);
      insertLog.setLong(4, createRevision);
      insertLog.setLong(5, prevRevision);
      insertLog.setBytes(6, value);
      insertLog.executeUpdate();
    }
  }
}
