package io.github.liquibasecitus.ext;

import liquibase.change.DatabaseChangeProperty;

/** A change that sets how a table is hash-distributed: its column, shard count, colocation. */
public abstract class AbstractHashDistributionChange extends AbstractColocatingTableChange {
  private String distributionColumn;
  private Integer shardCount;

  @DatabaseChangeProperty(description = "The distribution column")
  public String getDistributionColumn() {
    return distributionColumn;
  }

  public void setDistributionColumn(String distributionColumn) {
    this.distributionColumn = distributionColumn;
  }

  @DatabaseChangeProperty(description = "Number of shards; Citus' citus.shard_count when omitted")
  public Integer getShardCount() {
    return shardCount;
  }

  public void setShardCount(Integer shardCount) {
    this.shardCount = shardCount;
  }
}
