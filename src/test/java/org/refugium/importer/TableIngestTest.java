package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableIngestTest {

  @Test
  void multiRowInsertRepeatsThePlaceholderTuple() {
    assertThat(TableIngest.multiRow("INSERT INTO observers (id, login, name) VALUES (?,?,?)", 3))
        .isEqualTo("INSERT INTO observers (id, login, name) VALUES (?,?,?), (?,?,?), (?,?,?)");
    assertThat(TableIngest.multiRow("INSERT INTO t (a) VALUES ( ? )", 2)).isEqualTo("INSERT INTO t (a) VALUES ( ? ), ( ? )");
  }

  @Test
  void onlyPlainPlaceholderTuplesAreRepeated() {
    assertThatThrownBy(() -> TableIngest.multiRow("INSERT INTO t (a, b) VALUES (?, NULL)", 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TableIngest.multiRow("INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING", 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
