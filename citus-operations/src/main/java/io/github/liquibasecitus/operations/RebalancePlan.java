package io.github.liquibasecitus.operations;

import io.github.liquibasecitus.sql.PinnedSearchPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rebalance would move, from {@code get_rebalance_table_shards_plan} with the options {@code
 * citus_rebalance_start} gets, one entry per shard group in a user's terms.
 *
 * @param moves the shard groups that would move, in Citus' order
 * @param sizesKnown whether bytes were read ({@code citus_shard_sizes()}, one call per worker)
 */
public record RebalancePlan(List<Move> moves, boolean sizesKnown) {

  /**
   * A shard group that would move.
   *
   * @param what the group in words: a schema, a tenant, a table's shard
   * @param shards how many shards move with it (one per table of the group)
   * @param bytes its size, null when not read
   */
  public record Move(String what, String from, String to, int shards, Long bytes) {}

  public boolean isEmpty() {
    return moves.isEmpty();
  }

  /** Reads the plan; with {@code sizes}, the bytes of each group too. */
  public static RebalancePlan read(Connection connection, RebalanceOptions options, boolean sizes)
      throws SQLException {
    return PinnedSearchPath.run(connection, c -> read(c, options, sizes, new ShardGroups()));
  }

  static RebalancePlan read(
      Connection c, RebalanceOptions options, boolean sizes, ShardGroups groups)
      throws SQLException {
    List<List<String>> rows =
        PinnedSearchPath.rows(
            c,
            "SELECT shardid, sourcename || ':' || sourceport, targetname || ':' || targetport"
                + " FROM get_rebalance_table_shards_plan(rebalance_strategy => ?::name,"
                + " drain_only => ?)",
            options.strategy(),
            options.drainOnly());
    Map<Long, Long> bytes = new HashMap<>();
    if (sizes && !rows.isEmpty()) {
      for (List<String> r :
          PinnedSearchPath.rows(c, "SELECT shard_id::bigint, size FROM citus_shard_sizes()")) {
        bytes.put(Long.valueOf(r.get(0)), Long.valueOf(r.get(1)));
      }
    }
    Map<Long, ShardGroups.Shard> described =
        groups.describe(c, rows.stream().map(r -> Long.valueOf(r.get(0))).toList());
    Map<String, Move> moves = new LinkedHashMap<>();
    for (List<String> r : rows) {
      long shard = Long.parseLong(r.get(0));
      ShardGroups.Shard s = described.get(shard);
      String key = (s == null ? "shard " + shard : s.group()) + " " + r.get(1) + " " + r.get(2);
      Long size = sizes ? bytes.getOrDefault(shard, 0L) : null;
      Move before = moves.get(key);
      moves.put(
          key,
          before == null
              ? new Move(
                  s == null ? "shard " + shard : s.description(), r.get(1), r.get(2), 1, size)
              : new Move(
                  before.what(),
                  before.from(),
                  before.to(),
                  before.shards() + 1,
                  size == null ? null : before.bytes() + size));
    }
    return new RebalancePlan(new ArrayList<>(moves.values()), sizes);
  }

  /** The plan as a table, for a log. */
  public List<String> lines() {
    TextTable table = TextTable.of("WHAT", "FROM", "TO", "SHARDS", "SIZE");
    for (Move m : moves) {
      table.row(m.what(), m.from(), m.to(), m.shards(), TextTable.size(m.bytes()));
    }
    return table.lines("  ");
  }

  /** Bytes of all moves; null when sizes were not read. */
  public Long totalBytes() {
    return sizesKnown
        ? moves.stream().mapToLong(m -> m.bytes() == null ? 0 : m.bytes()).sum()
        : null;
  }
}
