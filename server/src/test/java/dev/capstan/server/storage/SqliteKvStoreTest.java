package dev.capstan.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.server.storage.sqlite.SqliteStores;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteKvStoreTest extends KvStoreContractTest {
  @TempDir
  Path dir;

  @Override
  protected KvStore openStore() {
    return SqliteStores.open(dir.resolve("state.db"));
  }

  @Test
  void dataRevisionsAndCompactionSurviveReopening() throws Exception {
    KeyValue a = store.create(p + "a", bytes("1"));
    KeyValue a2 = store.update(p + "a", a.modRevision(), bytes("2"));
    KeyValue b = store.create(p + "b", bytes("b"));
    store.delete(p + "b", b.modRevision());
    store.compact(a2.modRevision());
    long revision = store.currentRevision();
    store.close();

    store = openStore();
    assertThat(store.currentRevision()).isEqualTo(revision);
    assertThat(store.compactedRevision()).isEqualTo(a2.modRevision());
    assertThat(text(store.get(p + "a").orElseThrow())).isEqualTo("2");
    assertThat(store.get(p + "b")).isEmpty();
    KeyValue c = store.create(p + "c", bytes("c"));
    assertThat(c.modRevision()).isEqualTo(revision + 1);
  }

  @Test
  void revisionDoesNotGoBackWhenCompactionRemovesTheNewestRow() {
    KeyValue a = store.create(p + "a", bytes("1"));
    KeyValue gone = store.delete(p + "a", a.modRevision());
    store.compact(gone.modRevision());
    store.close();
    store = openStore();
    assertThat(store.currentRevision()).isEqualTo(gone.modRevision());
    assertThat(store.create(p + "a", bytes("again")).modRevision()).isEqualTo(gone.modRevision() + 1);
  }
}
