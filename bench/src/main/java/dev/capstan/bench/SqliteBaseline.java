package dev.capstan.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * B-sqlite: raw JDBC creates with the SQLite store's own settings (server/.../storage/sqlite: WAL,
 * {@code synchronous=FULL}, busy timeout 10 s, the same two tables and indexes) and its group commit (one writer
 * thread; everything queued while the last group committed goes in the next transaction, at most 512 writes).
 * Each create does what the store's does: look up the key, find its latest row, insert the log row and the
 * current row. No HTTP, no JSON: the ceiling Capstan's sqlite backend can approach.
 *
 * <p>Arguments: file, value bytes, seconds per run, runs, concurrencies... Prints one RESULT line per run.
 */
public final class SqliteBaseline {
  private static final int MAX_GROUP = 512;

  private SqliteBaseline() {}

  private record Pending(String key, CompletableFuture<Void> done) {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    byte[] value = new byte[Integer.parseInt(args[1])];
    double seconds = Double.parseDouble(args[2]);
    int runs = Integer.parseInt(args[3]);
    Files.deleteIfExists(file);
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      s.execute("PRAGMA foreign_keys = OFF");
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = FULL");
      s.execute("CREATE TABLE log (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, deleted INTEGER NOT NULL,"
          + " create_revision INTEGER NOT NULL, prev_revision INTEGER NOT NULL, value BLOB NOT NULL)");
      s.execute("CREATE UNIQUE INDEX log_name_prev ON log(name, prev_revision)");
      s.execute("CREATE INDEX log_name_id ON log(name, id)");
      s.execute("CREATE TABLE current (name TEXT PRIMARY KEY, revision INTEGER NOT NULL,"
          + " create_revision INTEGER NOT NULL) WITHOUT ROWID");
    }
    c.setAutoCommit(false);
    LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    Thread writer = new Thread(() -> writeLoop(c, queue, value), "writer");
    writer.setDaemon(true);
    writer.start();
    int[] round = {0};
    for (int i = 4; i < args.length; i++) {
      int concurrency = Integer.parseInt(args[i]);
      for (int r = -1; r < runs; r++) { // run -1 warms up
        String prefix = "/bench/sqlite/" + concurrency + "/" + (round[0]++) + "/";
        Load.Sample s = Load.run(concurrency, r < 0 ? Math.min(1, seconds) : seconds, (w, n) -> {
          CompletableFuture<Void> f = new CompletableFuture<>();
          queue.add(new Pending(prefix + w + "-" + n, f));
          f.get();
        });
        if (r >= 0) {
          System.out.printf("RESULT %d %f %f %f %d %d %s%n", concurrency, s.perSecond(), s.p50(), s.p99(), s.ok(),
              s.errors(), s.firstError() == null ? "-" : s.firstError().replace(' ', '_'));
        }
      }
    }
    System.out.println("DONE");
    System.exit(0);
  }

  private static void writeLoop(Connection c, LinkedBlockingQueue<Pending> queue, byte[] value) {
    try (PreparedStatement current = c.prepareStatement("SELECT c.revision, c.create_revision, l.value FROM current c "
            + "JOIN log l ON l.id = c.revision WHERE c.name = ?");
         PreparedStatement latest = c.prepareStatement("SELECT MAX(id) FROM log WHERE name = ?");
         PreparedStatement insertLog = c.prepareStatement("INSERT INTO log (id, name, deleted, create_revision, "
             + "prev_revision, value) VALUES (?, ?, ?, ?, ?, ?)");
         PreparedStatement insertCurrent = c.prepareStatement("INSERT INTO current (name, revision, create_revision) "
             + "VALUES (?, ?, ?)")) {
      long revision = 0;
      List<Pending> group = new ArrayList<>();
      while (true) {
        group.add(queue.take());
        queue.drainTo(group, MAX_GROUP - 1);
        List<Exception> outcomes = new ArrayList<>();
        for (Pending p : group) {
          try {
            current.setString(1, p.key());
            try (ResultSet rs = current.executeQuery()) {
              if (rs.next()) {
                throw new IllegalStateException("exists");
              }
            }
            latest.setString(1, p.key());
            long prev;
            try (ResultSet rs = latest.executeQuery()) {
              prev = rs.next() ? rs.getLong(1) : 0;
            }
            long rev = revision + 1;
            insertLog.setLong(1, rev);
            insertLog.setString(2, p.key());
            insertLog.setInt(3, 0);
            insertLog.setLong(4, rev);
            insertLog.setLong(5, prev);
            insertLog.setBytes(6, value);
            insertLog.executeUpdate();
            insertCurrent.setString(1, p.key());
            insertCurrent.setLong(2, rev);
            insertCurrent.setLong(3, rev);
            insertCurrent.executeUpdate();
            revision = rev;
            outcomes.add(null);
          } catch (SQLException | RuntimeException e) {
            outcomes.add(e);
          }
        }
        c.commit();
        for (int i = 0; i < group.size(); i++) {
          if (outcomes.get(i) == null) {
            group.get(i).done().complete(null);
          } else {
            group.get(i).done().completeExceptionally(outcomes.get(i));
          }
        }
        group.clear();
      }
    } catch (SQLException | InterruptedException e) {
      System.out.println("WRITER-FAILED " + e);
    }
  }
}
