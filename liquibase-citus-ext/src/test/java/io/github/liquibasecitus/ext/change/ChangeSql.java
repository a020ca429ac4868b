package io.github.liquibasecitus.ext.change;

import io.github.liquibasecitus.ext.AbstractCitusChange;
import io.github.liquibasecitus.sql.CitusExtLibrary;
import java.util.Arrays;
import java.util.List;
import liquibase.database.Database;
import liquibase.database.core.PostgresDatabase;
import liquibase.sql.Sql;
import liquibase.sqlgenerator.SqlGeneratorFactory;
import liquibase.statement.SqlStatement;

/** The SQL text a change generates, as Liquibase would send or print it. */
final class ChangeSql {
  private ChangeSql() {}

  static List<String> of(SqlStatement[] statements, Database database) {
    return Arrays.stream(statements)
        .flatMap(s -> Arrays.stream(SqlGeneratorFactory.getInstance().generateSql(s, database)))
        .map(Sql::toSql)
        .toList();
  }

  /** The change's own statements, on a database with no connection (after the library's). */
  static List<String> own(AbstractCitusChange change) {
    Database database = new PostgresDatabase();
    List<String> all = of(change.generateStatements(database), database);
    int library = CitusExtLibrary.load().scripts().size();
    return all.subList(library, all.size());
  }
}
