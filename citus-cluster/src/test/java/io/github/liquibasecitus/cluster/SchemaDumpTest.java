package io.github.liquibasecitus.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaDumpTest {
  private static String entry(String name, String type, String sql) {
    return "--\n-- Name: "
        + name
        + "; Type: "
        + type
        + "; Schema: public; Owner: -\n--\n\n"
        + sql
        + "\n\n";
  }

  @Test
  void eventTriggersUserMappingsAndHistoryTableTriggersAreLeftOut(@TempDir Path dir)
      throws Exception {
    String table = entry("users", "TABLE", "CREATE TABLE public.users (id bigint);");
    String trigger =
        entry(
            "users stamp",
            "TRIGGER",
            "CREATE TRIGGER stamp BEFORE INSERT ON public.users FOR EACH ROW EXECUTE FUNCTION f();");
    String head = "--\n-- PostgreSQL database dump\n--\n\nSET lock_timeout = 0;\n\n";
    Path file = dir.resolve("schema.sql");
    Files.writeString(
        file,
        head
            + table
            + entry(
                "on_ddl",
                "EVENT TRIGGER",
                "CREATE EVENT TRIGGER on_ddl ON ddl_command_end\n    EXECUTE FUNCTION public.f();")
            + entry(
                "USER MAPPING postgres SERVER remote",
                "USER MAPPING",
                "CREATE USER MAPPING FOR postgres SERVER remote OPTIONS (\n    password 'secret'\n);")
            + entry(
                "databasechangelog spy",
                "TRIGGER",
                "CREATE TRIGGER spy AFTER INSERT ON public.databasechangelog FOR EACH ROW EXECUTE FUNCTION f();")
            + entry(
                "\"DATABASECHANGELOG\" r",
                "RULE",
                "CREATE RULE r AS ON INSERT TO public.\"DATABASECHANGELOG\" DO ALSO NOTIFY x;")
            + entry("EVENT TRIGGER on_ddl", "COMMENT", "COMMENT ON EVENT TRIGGER on_ddl IS 'a';")
            + entry(
                "TRIGGER spy ON databasechangelog",
                "COMMENT",
                "COMMENT ON TRIGGER spy ON public.databasechangelog IS 'b';")
            + trigger);
    // A comment on a trigger that stays, stays.
    String kept =
        entry(
            "TRIGGER stamp ON users",
            "COMMENT",
            "COMMENT ON TRIGGER stamp ON public.users IS 'c';");
    Files.writeString(file, Files.readString(file) + kept);
    SchemaDump.leaveOut(file, Set.of("databasechangelog"));
    assertEquals(head + table + trigger + kept, Files.readString(file));
  }
}
