package org.csgateway.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A deploy config placed the way its manifest places it: the file as it is, and beside it the files the manifest
 * mounts next to it (the TLS certificate and key its {@code server.tls} names, relative to the config, as Kubernetes
 * projects them from a Secret and the systemd guide installs them). No key material is committed: one self-signed
 * pair is made per test run (RSA key generation takes a second or two) and each staged copy is deleted after use.
 */
final class StagedConfig {
  private static final PemPair PAIR = PemPair.generate();

  private StagedConfig() {}

  /** A PEM certificate and key, held in memory. */
  private record PemPair(byte[] certificate, byte[] key) {
    static PemPair generate() {
      SelfSignedCertificate generated = SelfSignedCertificate.create("localhost");
      try {
        return new PemPair(Files.readAllBytes(Path.of(generated.certificatePath())),
            Files.readAllBytes(Path.of(generated.privateKeyPath())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        generated.delete();
      }
    }
  }

  /** Runs the action on the config as it would be placed, then removes what was staged. */
  static <T> T apply(Path config, Function<Path, T> action) {
    Object tls = DeployFiles.get(DeployFiles.yaml(config), "server", "tls");
    if (tls == null || !Boolean.TRUE.equals(DeployFiles.get(tls, "enabled"))) {
      return action.apply(config);
    }
    Path dir = createTempDirectory();
    try {
      Path staged = dir.resolve(config.getFileName());
      Files.copy(config, staged);
      place(PAIR.certificate(), dir, DeployFiles.stringAt(tls, "certFile"));
      place(PAIR.key(), dir, DeployFiles.stringAt(tls, "keyFile"));
      return action.apply(staged);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(dir);
    }
  }

  private static void place(byte[] pem, Path dir, String location) throws IOException {
    assertThat(Path.of(location).isAbsolute())
        .as("TLS files are named relative to the config, which every manifest mounts beside them: " + location)
        .isFalse();
    Path target = dir.resolve(location);
    Files.createDirectories(target.getParent());
    Files.write(target, pem);
  }

  private static Path createTempDirectory() {
    try {
      return Files.createTempDirectory("csgateway-deploy-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
