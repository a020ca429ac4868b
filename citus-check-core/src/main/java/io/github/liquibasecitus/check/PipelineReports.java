package io.github.liquibasecitus.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings where pipelines show them beside the code: GitHub Actions workflow commands ({@code
 * ::error file=...,line=...::}), which annotate the pull request's diff, and GitLab's Code Quality
 * report, which the merge request widget lists. Findings without a file (cluster rules) are
 * annotated without one.
 */
public final class PipelineReports {
  private PipelineReports() {}

  /** One GitHub Actions workflow command per finding, to print on standard output. */
  public static List<String> gitHubAnnotations(CheckResult result) {
    List<String> lines = new ArrayList<>();
    for (Finding f : result.findings()) {
      String level =
          switch (f.severity()) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "notice";
          };
      StringBuilder line = new StringBuilder("::").append(level).append(' ');
      Location at = f.location();
      if (at != null && at.file() != null) {
        line.append("file=").append(property(at.file())).append(',');
        if (at.line() > 0) {
          line.append("line=").append(at.line()).append(',');
        }
      }
      line.append("title=").append(property(f.rule().id() + " " + f.rule().title()));
      line.append("::").append(data(message(f)));
      lines.add(line.toString());
    }
    return lines;
  }

  /** GitLab Code Quality: a JSON array of issues, each with a stable fingerprint. */
  public static void writeGitLabCodeQuality(CheckResult result, Path file) throws IOException {
    List<Map<String, Object>> issues = new ArrayList<>();
    for (Finding f : result.findings()) {
      Location at = f.location();
      Map<String, Object> issue = new LinkedHashMap<>();
      issue.put("description", message(f));
      issue.put("check_name", f.rule().id());
      issue.put(
          "fingerprint",
          sha256(f.rule().id() + '\0' + (at == null ? "" : at.describe()) + '\0' + f.message()));
      issue.put(
          "severity",
          switch (f.severity()) {
            case ERROR -> "critical";
            case WARNING -> "major";
            case INFO -> "info";
          });
      Map<String, Object> location = new LinkedHashMap<>();
      location.put("path", at == null || at.file() == null ? "" : at.file());
      location.put("lines", Map.of("begin", at == null || at.line() <= 0 ? 1 : at.line()));
      issue.put("location", location);
      issues.add(issue);
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(
        file,
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(issues),
        StandardCharsets.UTF_8);
  }

  private static String message(Finding f) {
    String where =
        f.location() == null || f.location().changeSet() == null
            ? ""
            : " (changeset " + f.location().changeSet() + ")";
    return f.message() + where + (f.fix() == null || f.fix().isBlank() ? "" : ". Fix: " + f.fix());
  }

  /** GitHub's escaping of a command's message. */
  private static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** GitHub's escaping of a command's property value. */
  private static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
