package org.tradeplatform.positionsync.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ## } section of README.md as a test reads it: the Karaf console lines (fenced lines
 * starting with {@value #PROMPT}) in order, and the fenced blocks announced by an HTML comment
 * {@code <!-- file: NAME -->} on the line before them.
 */
final class ReadmeSection {

  static final String PROMPT = "karaf@root()> ";

  private static final Pattern FILE_MARKER = Pattern.compile("<!--\\s*file:\\s*(\\S+)\\s*-->");

  private final String title;
  private final List<String> consoleLines = new ArrayList<>();
  private final Map<String, String> files = new LinkedHashMap<>();

  private ReadmeSection(String title) {
    this.title = title;
  }

  /** The section whose heading is {@code ## title}, failing if the README has none. */
  static ReadmeSection read(Path readme, String title) {
    List<String> lines;
    try {
      lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + readme, e);
    }
    int start = lines.indexOf("## " + title);
    if (start < 0) {
      throw new AssertionError(readme + " has no section '## " + title + "'");
    }
    ReadmeSection section = new ReadmeSection(title);
    String pendingFile = null;
    StringBuilder block = null;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.strip();
      if (block == null && line.startsWith("## ")) {
        break;
      }
      if (trimmed.startsWith("```")) {
        if (block == null) {
          block = new StringBuilder();
        } else {
          if (pendingFile != null) {
            section.files.put(pendingFile, block.toString());
          }
          block = null;
          pendingFile = null;
        }
        continue;
      }
      if (block != null) {
        if (trimmed.startsWith(PROMPT)) {
          section.consoleLines.add(trimmed.substring(PROMPT.length()).strip());
        }
        block.append(trimmed).append('\n');
        continue;
      }
      Matcher marker = FILE_MARKER.matcher(trimmed);
      if (marker.matches()) {
        pendingFile = marker.group(1);
      }
    }
    return section;
  }

  /** The console lines, in README order, without the prompt. */
  List<String> consoleLines() {
    return List.copyOf(consoleLines);
  }

  /** The one console line starting with {@code command}, failing unless there is exactly one. */
  String consoleLine(String command) {
    List<String> found =
        consoleLines.stream()
            .filter(l -> l.equals(command) || l.startsWith(command + " "))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "README section '" + title + "' has " + found.size() + " lines '" + command + "…'");
    }
    return found.get(0);
  }

  /** The text of the block announced as {@code name}, each line ending in a newline. */
  String file(String name) {
    String text = files.get(name);
    if (text == null) {
      throw new AssertionError(
          "README section '" + title + "' has no block marked <!-- file: " + name + " -->");
    }
    return text;
  }
}
