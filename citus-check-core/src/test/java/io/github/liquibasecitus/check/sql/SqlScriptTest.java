package io.github.liquibasecitus.check.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.liquibasecitus.check.sql.SqlScript.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  private static List<String> texts(String sql) {
    return SqlScript.split(sql).stream().map(Statement::text).toList();
  }

  @Test
  void semicolonsInsideLiteralsNamesCommentsAndBodiesDoNotEndAStatement() {
    String sql =
        "INSERT INTO t VALUES ('a;b', E'it\\'s;', \"we;ird\"); -- a comment; still\n"
            + "/* a /* nested; */ comment; */ SELECT 1;\n"
            + "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END"
            + " $body$;\n"
            + "DO $$ BEGIN PERFORM 1; END $$;\n"
            + "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN"
            + " true THEN 2 END; END;\n"
            + ";;SELECT $1";
    assertEquals(
        List.of(
            "INSERT INTO t VALUES ('a;b', E'it\\'s;', \"we;ird\")",
            "SELECT 1",
            "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$ BEGIN RETURN 1; END"
                + " $body$",
            "DO $$ BEGIN PERFORM 1; END $$",
            "CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN"
                + " true THEN 2 END; END",
            "SELECT $1"),
        texts(sql));
  }

  @Test
  void eachStatementKnowsTheLineOfItsFirstToken() {
    List<Statement> statements =
        SqlScript.split(
            "-- header\n\nCREATE TABLE a (\n  id bigint\n);\n/* two\nlines */\nCREATE INDEX i ON a"
                + " (id);");
    assertEquals(3, statements.get(0).line());
    assertEquals(8, statements.get(1).line());
    assertEquals(4, statements.get(0).tokens().get(4).line());
  }

  @Test
  void tokensFoldNamesAsPostgresDoes() {
    var tokens = SqlScript.split("CREATE TABLE \"My\"\"T\" (Id int)").get(0).tokens();
    assertEquals("\"My\"\"T\"", tokens.get(2).name());
    assertEquals(
        "My\"T", io.github.liquibasecitus.check.model.SchemaModel.normal(tokens.get(2).name()));
    assertEquals("id", tokens.get(4).name());
  }
}
