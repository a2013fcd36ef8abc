package org.csgateway.app.config;

import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses configuration documents with SnakeYAML's {@link SafeConstructor}: plain maps, lists and scalars only, no
 * arbitrary types, no duplicate keys, bounded aliases, nesting and size. The only class that touches SnakeYAML.
 */
final class YamlDocuments {
  private static final int MAX_CODE_POINTS = 8 * 1024 * 1024;

  private YamlDocuments() {}

  /**
   * The top-level mapping of a document; an empty document is an empty mapping.
   *
   * @return the mapping, or null when the text is not valid YAML or not a mapping (the error is recorded under the
   *     source's name, with line and column)
   */
  static Map<?, ?> parse(String text, String source, ConfigErrors errors) {
    Object document;
    try {
      document = yaml().load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      String context = e.getContext() != null ? e.getContext() + ", " : "";
      errors.add(source, "invalid YAML at " + where + context + problem);
      return null;
    } catch (YAMLException e) {
      errors.add(source, "invalid YAML: " + e.getMessage());
      return null;
    }
    if (document == null) {
      return Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      errors.add(source, "must be a YAML mapping at the top level, was " + ConfigNode.describe(document));
      return null;
    }
    return map;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(40);
    options.setCodePointLimit(MAX_CODE_POINTS);
    return new Yaml(new SafeConstructor(options));
  }
}
