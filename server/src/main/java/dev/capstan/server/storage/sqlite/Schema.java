package dev.capstan.server.storage.sqlite;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;

/**
 * The tables. {@code log} is append-only: its row id is the revision (kine's idea), and a row's
 * {@code prev_revision} points at the version it replaced, so a watch replay finds previous values by a join
 * and needs no second copy of them. {@code current} maps each live key to its latest row, so a range at the
 * current revision needs no {@code GROUP BY} over history.
 */
final class Schema {
  private Schema() {}

  private static final String[] DDL = {
    """
    CREATE TABLE IF NOT EXISTS log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL,
      deleted INTEGER NOT NULL,
      create_revision INTEGER NOT NULL,
      prev_revision INTEGER NOT NULL,
      value BLOB NOT NULL)""",
    // The same key can never be replaced twice from one version: a lost CAS fails here at worst.
    "CREATE UNIQUE INDEX IF NOT EXISTS log_name_prev ON log(name, prev_revision)",
    "CREATE INDEX IF NOT EXISTS log_name_id ON log(name, id)",
    """
    CREATE TABLE IF NOT EXISTS current (
      name TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      create_revision INTEGER NOT NULL) WITHOUT ROWID""",
    "CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID",
  };

  static final String COMPACTED_KEY = "compacted_revision";

  /** Opens a connection with the settings every connection needs. */
  static Connection connect(Path file) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 10000");
      s.execute("PRAGMA foreign_keys = OFF");
    }
    return c;
  }

  /** Creates the tables and sets the durable journal mode; run on the writer connection before anything else. */
  static void init(Connection writer) throws SQLException {
    try (Statement s = writer.createStatement()) {
      s.execute("PRAGMA journal_mode = WAL");
      // FULL fsyncs the WAL on every commit: an acknowledged write survives a crash or power loss.
      s.execute("PRAGMA synchronous = FULL");
      for (String ddl : DDL) {
        s.execute(ddl);
      }
    }
  }
}
