package dev.capstan.server.storage.sqlite;

import dev.capstan.server.storage.KeyValue;
import dev.capstan.server.storage.KvEvent;
import dev.capstan.server.storage.KvStore;
import dev.capstan.server.storage.KvWatch;
import dev.capstan.server.storage.LocalWatchHub;
import dev.capstan.server.storage.Page;
import dev.capstan.server.storage.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store: one SQLite file in WAL mode, one writer committing in groups, readers on
 * connections of their own that each read one consistent snapshot per call. Single-process: the server holds
 * a lock on its data directory.
 */
final class SqliteKvStore implements KvStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteKvStore.class);
  private static final int READERS = 4;
  /** Rows examined per compaction step, so a step holds the writer for milliseconds, not seconds. */
  private static final int COMPACT_WINDOW = 1_000;

  private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
  private final LocalWatchHub hub;
  private final Writer writer;
  private volatile long revision;
  private volatile long compacted;
  private volatile boolean closed;

  SqliteKvStore(Path file) throws SQLException {
    Connection w = Schema.connect(file);
    try {
      Schema.init(w);
      long[] state = readState(w);
      this.revision = state[0];
      this.compacted = state[1];
      for (int i = 0; i < READERS; i++) {
        readers.add(Schema.connect(file));
      }
      this.hub = new LocalWatchHub(this::eventsBetween, revision);
      this.writer = new Writer(w, revision, hub, rev -> this.revision = rev);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(w);
      readers.forEach(SqliteKvStore::closeQuietly);
      throw e;
    }
    if (compacted > 0) {
      // Finish a compaction a previous process may have left half done.
      long target = compacted;
      writer.enqueue(tx -> compactStep(tx, 0, target));
    }
  }

  @Override
  public long currentRevision() {
    return revision;
  }

  @Override
  public long compactedRevision() {
    return compacted;
  }

  @Override
  public Optional<KeyValue> get(String key) {
    return read(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT c.create_revision, c.revision, l.value FROM current c "
          + "JOIN log l ON l.id = c.revision WHERE c.name = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new KeyValue(key, rs.getBytes(3), rs.getLong(1), rs.getLong(2)))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public Page range(String prefix, long atRevision, String startAfter, int limit) {
    return read(c -> {
      long[] state = readState(c);
      long at = atRevision == 0 ? state[0] : atRevision;
      if (at > state[0]) {
        throw StorageException.futureRevision(at, state[0]);
      }
      if (at < state[1]) {
        throw StorageException.compacted(at, state[1]);
      }
      boolean latest = at == state[0];
      // At the latest revision the rows come in the order of current's primary key, so SQLite walks that index
      // and stops at the limit; ordering by the joined log's name made it sort every remaining row, values and
      // all, for each page (a paged LIST of 100,000 took seconds per page). The count needs no join at all.
      String where = latest
          ? "FROM current c JOIN log l ON l.id = c.revision WHERE c.name >= ?1 AND c.name > ?2 AND c.name < ?3"
          : "FROM log l WHERE l.name >= ?1 AND l.name > ?2 AND l.name < ?3 AND l.id <= ?5 AND l.deleted = 0 "
              + "AND NOT EXISTS (SELECT 1 FROM log n WHERE n.name = l.name AND n.id > l.id AND n.id <= ?5)";
      String countFrom = latest ? "FROM current c WHERE c.name >= ?1 AND c.name > ?2 AND c.name < ?3" : where;
      String sql = "SELECT l.name, l.create_revision, l.id, l.value " + where + " ORDER BY "
          + (latest ? "c.name" : "l.name") + " LIMIT ?4";
      List<KeyValue> kvs = new ArrayList<>();
      boolean more = false;
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bindRange(ps, prefix, startAfter, latest ? 0 : at);
        ps.setLong(4, limit > 0 ? limit + 1L : -1L);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (limit > 0 && kvs.size() == limit) {
              more = true;
              break;
            }
            kvs.add(new KeyValue(rs.getString(1), rs.getBytes(4), rs.getLong(2), rs.getLong(3)));
          }
        }
      }
      if (!more) {
        return new Page(kvs, at, false, kvs.size());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) " + countFrom)) {
        bindRange(ps, prefix, startAfter, latest ? 0 : at);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new Page(kvs, at, true, rs.getLong(1));
        }
      }
    });
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    StorageException.checkSize(key, value);
    byte[] copy = value.clone();
    return write(tx -> {
      if (tx.current(key) != null) {
        throw StorageException.exists(key);
      }
      return new KvEvent(KvEvent.Type.PUT, tx.insertVersion(key, copy, null), null);
    }).kv();
  }

  @Override
  public KeyValue update(String key, long expectedModRevision, byte[] value) {
    StorageException.checkSize(key, value);
    byte[] copy = value.clone();
    return write(tx -> {
      KeyValue prev = expect(tx, key, expectedModRevision);
      return new KvEvent(KvEvent.Type.PUT, tx.insertVersion(key, copy, prev), prev);
    }).kv();
  }

  @Override
  public KeyValue delete(String key, long expectedModRevision) {
    return write(tx -> {
      KeyValue prev = expect(tx, key, expectedModRevision);
      return new KvEvent(KvEvent.Type.DELETE, tx.insertDeletion(prev), prev);
    }).kv();
  }

  @Override
  public boolean notifiesProgress() {
    return true;
  }

  @Override
  public KvWatch watch(String prefix, long afterRevision, KvWatch.Listener listener) {
    checkOpen();
    // A compacted start fails in the replay: eventsBetween throws COMPACTED, which ends the watch.
    return hub.watch(prefix, afterRevision, listener);
  }

  @Override
  public void compact(long target) {
    checkOpen();
    boolean[] advanced = new boolean[1];
    writer.submit(tx -> {
      if (target > tx.revision) {
        throw StorageException.futureRevision(target, tx.revision);
      }
      if (target > compacted) {
        tx.setMeta(Schema.COMPACTED_KEY, target);
        advanced[0] = true;
        // Runs in a later group, so after this one commits; reads check the committed mark, not this field.
        writer.enqueue(next -> compactStep(next, 0, target));
      }
      return null;
    });
    if (advanced[0]) {
      compacted = target;
    }
  }

  /** Deletes one window of compacted rows and queues the next, so writes interleave with a long compaction. */
  private KvEvent compactStep(Writer.Tx tx, long from, long target) throws SQLException {
    if (target < compacted) {
      return null; // a newer compaction has taken over
    }
    long to = Math.min(from + COMPACT_WINDOW, target);
    tx.compactWindow(from, to, target);
    if (to < target && !closed) {
      writer.enqueue(next -> compactStep(next, to, target));
    }
    return null;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    hub.close();
    for (int i = 0; i < READERS; i++) {
      try {
        closeQuietly(readers.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<KvEvent> eventsBetween(String prefix, long after, long upTo) {
    return read(c -> {
      long[] state = readState(c);
      if (after < state[1]) {
        throw StorageException.compacted(after, state[1]);
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT l.id, l.name, l.deleted, l.create_revision, "
          + "l.prev_revision, l.value, p.value, p.create_revision FROM log l "
          + "LEFT JOIN log p ON p.id = l.prev_revision AND p.deleted = 0 "
          + "WHERE l.id > ? AND l.id <= ? AND l.name >= ? AND l.name < ? ORDER BY l.id")) {
        ps.setLong(1, after);
        ps.setLong(2, upTo);
        ps.setString(3, prefix);
        ps.setString(4, prefixEnd(prefix));
        List<KvEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String key = rs.getString(2);
            long rev = rs.getLong(1);
            long createRevision = rs.getLong(4);
            byte[] prevValue = rs.getBytes(7);
            KeyValue prev = prevValue == null ? null
                : new KeyValue(key, prevValue, rs.getLong(8), rs.getLong(5));
            if (rs.getInt(3) == 1) {
              byte[] last = prev == null ? new byte[0] : prev.value();
              out.add(new KvEvent(KvEvent.Type.DELETE, new KeyValue(key, last, createRevision, rev), prev));
            } else {
              out.add(new KvEvent(KvEvent.Type.PUT, new KeyValue(key, rs.getBytes(6), createRevision, rev), prev));
            }
          }
        }
        return out;
      }
    });
  }

  private static KeyValue expect(Writer.Tx tx, String key, long expectedModRevision) throws SQLException {
    KeyValue current = tx.current(key);
    if (current == null) {
      throw StorageException.notFound(key);
    }
    if (current.modRevision() != expectedModRevision) {
      throw StorageException.conflict(key, current);
    }
    return current;
  }

  private KvEvent write(Writer.Op op) {
    checkOpen();
    return writer.submit(op);
  }

  @FunctionalInterface
  private interface ReadFn<T> {
    T apply(Connection c) throws SQLException;
  }

  /** Runs a read in one transaction, so everything it reads is one snapshot. */
  private <T> T read(ReadFn<T> fn) {
    checkOpen();
    Connection c;
    try {
      c = readers.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StorageException.unavailable("interrupted while waiting for a reader", e);
    }
    try {
      c.setAutoCommit(false);
      try {
        return fn.apply(c);
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw StorageException.unavailable("sqlite read failed: " + e.getMessage(), e);
    } finally {
      readers.add(c);
    }
  }

  /** {current revision, compacted revision} as one snapshot sees them. */
  private static long[] readState(Connection c) throws SQLException {
    long rev = 0;
    long compactedRev = 0;
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT seq FROM sqlite_sequence WHERE name = 'log'")) {
        if (rs.next()) {
          rev = rs.getLong(1);
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT v FROM meta WHERE k = '" + Schema.COMPACTED_KEY + "'")) {
        if (rs.next()) {
          compactedRev = rs.getLong(1);
        }
      }
    }
    return new long[] {rev, compactedRev};
  }

  /** An upper bound above every key with the prefix; keys are ASCII paths, so one high code point does. */
  /** Binds a range read's ?1-?3 (and ?5, the revision, when reading the past: {@code at} > 0). */
  private static void bindRange(PreparedStatement ps, String prefix, String startAfter, long at) throws SQLException {
    ps.setString(1, prefix);
    ps.setString(2, startAfter);
    ps.setString(3, prefixEnd(prefix));
    if (at > 0) {
      ps.setLong(5, at);
    }
  }

  private static String prefixEnd(String prefix) {
    return prefix + '\uFFFF';
  }

  private void checkOpen() {
    if (closed) {
      throw StorageException.closed();
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.warn("closing a sqlite connection failed", e);
    }
  }
}
