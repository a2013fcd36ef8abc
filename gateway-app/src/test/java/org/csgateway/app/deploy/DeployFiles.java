package org.csgateway.app.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.csgateway.app.routes.RepositoryPaths;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files under {@code deploy/} (the benchmark's {@code deploy/bench/} excepted), read the way the tools that use
 * them read them: YAML documents as plain maps and lists, with small helpers to walk them and to apply a kustomize
 * patch the way its strategic merge does for the lists these manifests patch (items merged by {@code name}).
 */
final class DeployFiles {
  private DeployFiles() {}

  static Path repository() {
    return RepositoryPaths.root();
  }

  static Path deploy(String relative) {
    return repository().resolve("deploy").resolve(relative);
  }

  /** Every regular file under deploy/ except deploy/bench/**, sorted. */
  static List<Path> all() {
    Path deploy = repository().resolve("deploy");
    try (Stream<Path> files = Files.walk(deploy)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> !deploy.relativize(p).startsWith("bench"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a YAML file, each a mapping. */
  static List<Map<String, Object>> documents(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(read(file))) {
      if (document != null) {
        documents.add(map(document));
      }
    }
    return documents;
  }

  /** The one document of a YAML file. */
  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> documents = documents(file);
    if (documents.size() != 1) {
      throw new AssertionError(file + " should hold one YAML document, holds " + documents.size());
    }
    return documents.get(0);
  }

  /** The Kubernetes object of this kind and name among the documents of these files. */
  static Map<String, Object> resource(List<Path> files, String kind, String name) {
    return files.stream()
        .flatMap(f -> documents(f).stream())
        .filter(d -> kind.equals(d.get("kind")) && name.equals(get(d, "metadata", "name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + files));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node) {
    if (!(node instanceof Map<?, ?>)) {
      throw new AssertionError("expected a mapping, found " + node);
    }
    return (Map<String, Object>) node;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node) {
    if (!(node instanceof List<?>)) {
      throw new AssertionError("expected a list, found " + node);
    }
    return (List<Object>) node;
  }

  /** The value at this path of keys, or null when a key is absent. */
  static Object get(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = m.get(key);
    }
    return current;
  }

  static Map<String, Object> mapAt(Object node, String... keys) {
    return map(Objects.requireNonNull(get(node, keys), () -> "missing " + String.join(".", keys)));
  }

  static List<Object> listAt(Object node, String... keys) {
    return list(Objects.requireNonNull(get(node, keys), () -> "missing " + String.join(".", keys)));
  }

  static String stringAt(Object node, String... keys) {
    return String.valueOf(Objects.requireNonNull(get(node, keys), () -> "missing " + String.join(".", keys)));
  }

  /** The item of a list of mappings whose {@code name} is this. */
  static Map<String, Object> named(List<Object> items, String name) {
    return items.stream().map(DeployFiles::map).filter(i -> name.equals(i.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("no item named " + name + " in " + items));
  }

  /**
   * A patch applied as kustomize's strategic merge applies it to these manifests: mappings merge key by key, lists of
   * named mappings (containers, env, volumes, ports) merge item by name, any other list is replaced.
   */
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> patch) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    patch.forEach((key, value) -> merged.merge(key, value, DeployFiles::mergeValue));
    return merged;
  }

  private static Object mergeValue(Object base, Object patch) {
    if (base instanceof Map<?, ?> && patch instanceof Map<?, ?>) {
      return merge(map(base), map(patch));
    }
    if (base instanceof List<?> b && patch instanceof List<?> p && allNamed(b) && allNamed(p)) {
      List<Object> merged = new ArrayList<>(b);
      for (Object item : p) {
        Object name = map(item).get("name");
        int index = indexOfName(merged, name);
        if (index < 0) {
          merged.add(item);
        } else {
          merged.set(index, merge(map(merged.get(index)), map(item)));
        }
      }
      return merged;
    }
    return patch;
  }

  private static boolean allNamed(List<?> items) {
    return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
  }

  private static int indexOfName(List<Object> items, Object name) {
    for (int i = 0; i < items.size(); i++) {
      if (name.equals(map(items.get(i)).get("name"))) {
        return i;
      }
    }
    return -1;
  }
}
