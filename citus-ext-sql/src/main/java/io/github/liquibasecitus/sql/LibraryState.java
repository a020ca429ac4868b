package io.github.liquibasecitus.sql;

/**
 * What a database holds of the citus_ext library, read from its catalogs.
 *
 * @param schemaExists whether a schema {@code citus_ext} exists
 * @param schemaOwner the role that owns it
 * @param ownerTrusted whether that role is a superuser, or, for a session without a superuser's
 *     rights (as current or session role), the current role or the database's owner
 * @param version the installed version, null when there is no {@code citus_ext.version()}
 * @param untrustedObjects objects of the schema owned by neither its owner nor a superuser, null
 *     when there are none
 * @param committed whether the installed version was committed by an earlier transaction, so that
 *     it stays installed whatever becomes of the current one
 */
public record LibraryState(
    boolean schemaExists,
    String schemaOwner,
    boolean ownerTrusted,
    String version,
    String untrustedObjects,
    boolean committed,
    String digest) {

  static final LibraryState ABSENT = new LibraryState(false, null, true, null, null, false, null);

  /**
   * Whether {@code library} need not be installed: a newer version is, or the same version from the
   * same scripts.
   */
  public boolean isCurrentFor(CitusExtLibrary library) {
    if (version == null) {
      return false;
    }
    int order = CitusExtLibrary.compareVersions(version, library.version());
    return order > 0 || order == 0 && library.digest().equals(digest);
  }

  /** Whether the library may be used or installed into: no object of another role in it. */
  public boolean trusted() {
    return ownerTrusted && untrustedObjects == null;
  }

  /**
   * Refuses a schema that another role could have planted: calling into it, or installing into it,
   * would run that role's code with the caller's rights.
   */
  public void requireTrusted() throws UntrustedLibraryException {
    if (!ownerTrusted) {
      throw new UntrustedLibraryException(
          "schema citus_ext is owned by role "
              + schemaOwner
              + ", which is neither a superuser nor (for a role without a superuser's rights,"
              + " also through SET ROLE) the current role or the database's owner, so"
              + " liquibase-citus will neither call nor install into it: its owner could replace"
              + " any function in it and have it run with your rights. Check who created it. Run"
              + " as "
              + schemaOwner
              + " (citus.username or citus.role), or have a superuser take the library over"
              + " (DROP SCHEMA citus_ext CASCADE, which drops its tenant registry, and run again).");
    }
    if (untrustedObjects != null) {
      throw new UntrustedLibraryException(
          "schema citus_ext holds objects of roles other than its owner "
              + schemaOwner
              + " and the superusers: "
              + untrustedObjects
              + ". liquibase-citus will neither call nor install into it. Check who created them;"
              + " drop them (or the schema, DROP SCHEMA citus_ext CASCADE) and run again.");
    }
  }
}
