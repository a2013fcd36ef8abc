package org.csgateway.app.deploy;

import static org.csgateway.app.deploy.DeployFiles.documents;
import static org.csgateway.app.deploy.DeployFiles.get;
import static org.csgateway.app.deploy.DeployFiles.list;
import static org.csgateway.app.deploy.DeployFiles.listAt;
import static org.csgateway.app.deploy.DeployFiles.map;
import static org.csgateway.app.deploy.DeployFiles.mapAt;
import static org.csgateway.app.deploy.DeployFiles.named;
import static org.csgateway.app.deploy.DeployFiles.stringAt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A kustomization under deploy/kubernetes seen as kustomize would build it, for the parts these manifests use: the
 * resource files of its bases, its own Deployment patches merged in, and its {@code csgateway-config} generator's
 * file. Every file it names must exist.
 *
 * @param dir the kustomization's directory
 * @param resources the resource files of this kustomization and its bases, in order
 * @param deployment the csgateway Deployment with this kustomization's patches applied
 * @param configFile the gateway YAML the ConfigMap csgateway-config is generated from
 * @param inlinePatches the JSON 6902 patches written inline, each a list of operations
 */
record KustomizeView(Path dir, List<Path> resources, Map<String, Object> deployment, Path configFile,
    List<List<Object>> inlinePatches) {
  static final String DEPLOYMENT = "csgateway";
  static final String CONFIG_MAP = "csgateway-config";

  static KustomizeView of(Path dir) {
    Map<String, Object> kustomization = DeployFiles.yaml(existing(dir.resolve("kustomization.yaml")));
    List<Path> resources = new ArrayList<>();
    Map<String, Object> deployment = null;
    Path configFile = null;
    List<List<Object>> inline = new ArrayList<>();
    for (Object entry : listOrEmpty(kustomization.get("resources"))) {
      Path resource = existing(dir.resolve(entry.toString()).normalize());
      if (Files.isDirectory(resource)) {
        KustomizeView base = of(resource);
        resources.addAll(base.resources());
        deployment = base.deployment();
        configFile = base.configFile();
        inline.addAll(base.inlinePatches());
      } else {
        resources.add(resource);
      }
    }
    if (deployment == null) {
      deployment = DeployFiles.resource(resources, "Deployment", DEPLOYMENT);
    }
    for (Object entry : listOrEmpty(kustomization.get("patches"))) {
      Map<String, Object> patch = map(entry);
      if (patch.get("path") != null) {
        Map<String, Object> document = DeployFiles.yaml(existing(dir.resolve(patch.get("path").toString())));
        if ("Deployment".equals(document.get("kind")) && DEPLOYMENT.equals(get(document, "metadata", "name"))) {
          deployment = DeployFiles.merge(deployment, document);
        }
      } else {
        inline.add(list(new Yaml(new SafeConstructor(new LoaderOptions())).load(patch.get("patch").toString())));
      }
    }
    for (Object entry : listOrEmpty(kustomization.get("configMapGenerator"))) {
      Map<String, Object> generator = map(entry);
      if (CONFIG_MAP.equals(generator.get("name"))) {
        configFile = existing(dir.resolve(listAt(generator, "files").get(0).toString()));
      }
    }
    return new KustomizeView(dir, List.copyOf(resources), deployment, configFile, List.copyOf(inline));
  }

  /** The Kubernetes object of this kind and name among the resources. */
  Map<String, Object> resource(String kind, String name) {
    return DeployFiles.resource(resources, kind, name);
  }

  /** Every object of this kind among the resources. */
  List<Map<String, Object>> resources(String kind) {
    return resources.stream().flatMap(f -> documents(f).stream()).filter(d -> kind.equals(d.get("kind"))).toList();
  }

  Map<String, Object> podSpec() {
    return mapAt(deployment, "spec", "template", "spec");
  }

  Map<String, Object> container() {
    return named(listAt(podSpec(), "containers"), "csgateway");
  }

  /** The container's port number of this name. */
  int containerPort(String name) {
    return ((Number) named(listAt(container(), "ports"), name).get("containerPort")).intValue();
  }

  /**
   * The environment the container gets: literal values, and Secret keys resolved from the Secret objects among the
   * resources ({@code stringData}).
   */
  Map<String, String> environment() {
    Map<String, String> environment = new LinkedHashMap<>();
    for (Object entry : listAt(container(), "env")) {
      Map<String, Object> variable = map(entry);
      Object ref = get(variable, "valueFrom", "secretKeyRef");
      String value = ref == null ? stringAt(variable, "value")
          : secretValue(stringAt(ref, "name"), stringAt(ref, "key"));
      environment.put(stringAt(variable, "name"), value);
    }
    return environment;
  }

  String secretValue(String secret, String key) {
    Object value = get(resource("Secret", secret), "stringData", key);
    if (value == null) {
      throw new AssertionError("Secret " + secret + " has no key " + key + " (" + dir + ")");
    }
    return value.toString();
  }

  private static List<Object> listOrEmpty(Object node) {
    return node == null ? List.of() : list(node);
  }

  private static Path existing(Path path) {
    if (!Files.exists(path)) {
      throw new AssertionError("named by a kustomization but missing: " + path);
    }
    return path;
  }
}
