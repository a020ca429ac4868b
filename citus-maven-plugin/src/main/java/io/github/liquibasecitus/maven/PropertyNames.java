package io.github.liquibasecitus.maven;

/** Every user-facing property of the plugin, as set with {@code -D} or in a POM's properties. */
public final class PropertyNames {
  private PropertyNames() {}

  public static final String URL = "citus.url";
  public static final String USERNAME = "citus.username";
  public static final String PASSWORD = "citus.password";
  public static final String SERVER = "citus.server";
  public static final String ROLE = "citus.role";
  public static final String CHANGE_LOG_FILE = "citus.changeLogFile";
  public static final String CONTEXTS = "citus.contexts";
  public static final String LABELS = "citus.labels";
  public static final String DEFAULT_SCHEMA_NAME = "citus.defaultSchemaName";
  public static final String LIQUIBASE_SCHEMA_NAME = "citus.liquibaseSchemaName";
  public static final String PROPERTY_FILE = "citus.propertyFile";
  public static final String DATABASE_CHANGE_LOG_TABLE_NAME = "citus.databaseChangeLogTableName";
  public static final String DATABASE_CHANGE_LOG_LOCK_TABLE_NAME =
      "citus.databaseChangeLogLockTableName";
  public static final String SKIP = "citus.skip";

  public static final String ROLLBACK_COUNT = "citus.rollbackCount";
  public static final String ROLLBACK_TAG = "citus.rollbackTag";
  public static final String ROLLBACK_DATE = "citus.rollbackDate";
  public static final String TAG = "citus.tag";
  public static final String OUTPUT_FILE = "citus.outputFile";
  public static final String FORMAT = "citus.format";
  public static final String REBALANCE_STRATEGY = "citus.rebalanceStrategy";
  public static final String TRANSFER_MODE = "citus.transferMode";
  public static final String REBALANCE_WAIT = "citus.rebalanceWait";
  public static final String REBALANCE_STOP = "citus.rebalanceStop";
  public static final String REBALANCE_TIMEOUT = "citus.rebalanceTimeout";
  public static final String REBALANCE_STOP_ON_TIMEOUT = "citus.rebalanceStopOnTimeout";
  public static final String REBALANCE_PROGRESS = "citus.rebalanceProgress";
  public static final String DRY_RUN = "citus.dryRun";
  public static final String WAIT_FOR_REBALANCE = "citus.waitForRebalance";
  public static final String WAIT_FOR_REBALANCE_TIMEOUT = "citus.waitForRebalanceTimeout";
  public static final String DRAIN_ONLY = "citus.drainOnly";
  public static final String PARALLEL_REFERENCE_TABLES = "citus.parallelTransferReferenceTables";
  public static final String PARALLEL_COLOCATED_SHARDS = "citus.parallelTransferColocatedShards";
  public static final String NODE = "citus.node";
  public static final String REMOVE_NODE = "citus.removeNode";
  public static final String TENANT = "citus.tenant";
  public static final String SCHEMA = "citus.schema";
  public static final String TABLE = "citus.table";
  public static final String STATUS_ALL = "citus.status.all";
  public static final String STATUS_SIZES = "citus.status.sizes";
  public static final String TENANTS_SORT = "citus.tenants.sort";
  public static final String TOP = "citus.top";
  public static final String CHECK_APPLY = "citus.check.apply";
  public static final String CHECK_FAIL_ON = "citus.check.failOn";
  public static final String CHECK_DISABLED_RULES = "citus.check.disabledRules";
  public static final String CHECK_REPORT_DIRECTORY = "citus.check.reportDirectory";
  public static final String CHECK_CLUSTER = "citus.check.cluster";
  public static final String CHECK_FLYWAY_LOCATIONS = "citus.check.flywayLocations";
  public static final String CHECK_GITHUB_ANNOTATIONS = "citus.check.githubAnnotations";
  public static final String CHECK_CITUS_VERSION = "citus.check.citusVersion";
  public static final String ADVISE_FORMAT = "citus.advise.changelogFormat";
  public static final String ADVISE_DIRECTORY = "citus.advise.outputDirectory";
  public static final String ADVISE_APPLY = "citus.advise.apply";
  public static final String ADVISE_REFERENCE_TABLES = "citus.advise.referenceTables";
  public static final String ADVISE_EXCLUDE_SCHEMAS = "citus.advise.excludeSchemas";
  public static final String ADVISE_REFERENCE_MAX_ROWS = "citus.advise.referenceMaxRows";
  public static final String ADVISE_REFERENCE_MAX_BYTES = "citus.advise.referenceMaxBytes";
  public static final String ADVISE_MIN_REFERENCING_SCHEMAS = "citus.advise.minReferencingSchemas";
  public static final String ADVISE_FLYWAY_VERSION = "citus.advise.flywayVersion";

  /** The skip flag of one goal: {@code citus.<goal>.skip}. */
  public static String skip(String goal) {
    return "citus." + goal + ".skip";
  }
}
