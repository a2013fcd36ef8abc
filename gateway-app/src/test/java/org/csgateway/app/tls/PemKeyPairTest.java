package org.csgateway.app.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.csgateway.app.tls.PemKeyPair.InvalidPairException;
import org.csgateway.app.tls.PemKeyPair.Part;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the listener may serve: a matching pair in the PEM forms operators have, and which file is wrong when not. */
class PemKeyPairTest {
  @TempDir
  static Path dir;

  private static TestCertificates.Pair pair;
  private static TestCertificates.Pair other;

  @BeforeAll
  static void makeCertificates() {
    pair = TestCertificates.generate(dir, "pair");
    other = TestCertificates.generate(dir, "other");
  }

  private static Buffer read(Path file) throws Exception {
    return Buffer.buffer(Files.readAllBytes(file));
  }

  @Test
  void should_accept_a_pkcs8_key_with_its_certificate() throws Exception {
    PemKeyPair parsed = PemKeyPair.read(pair.cert(), pair.key());

    assertThat(parsed.leaf().getSerialNumber()).isEqualTo(pair.serial());
    assertThat(parsed.sameContent(read(pair.cert()), read(pair.key()))).isTrue();
    assertThat(parsed.sameContent(read(other.cert()), read(pair.key()))).isFalse();
    assertThat(parsed.describe()).contains("CN=localhost").contains(pair.serial().toString(16))
        .doesNotContain("PRIVATE");
  }

  @Test
  void should_accept_a_pkcs1_rsa_key_when_the_operator_has_that_form() throws Exception {
    Buffer pkcs1 = Buffer.buffer("-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(rsaKeyOf(pemBody(read(pair.key()))))
        + "\n-----END RSA PRIVATE KEY-----\n");

    assertThat(PemKeyPair.parse(read(pair.cert()), pkcs1).leaf().getSerialNumber()).isEqualTo(pair.serial());
  }

  @Test
  void should_blame_the_certificate_when_it_is_not_one() {
    assertThatThrownBy(() -> PemKeyPair.parse(Buffer.buffer("no certificate here"), read(pair.key())))
        .isInstanceOfSatisfying(InvalidPairException.class, e -> assertThat(e.part()).isEqualTo(Part.CERTIFICATE));
  }

  @Test
  void should_blame_the_key_when_it_belongs_to_another_certificate() {
    assertThatThrownBy(() -> PemKeyPair.read(pair.cert(), other.key()))
        .isInstanceOfSatisfying(InvalidPairException.class, e -> assertThat(e.part()).isEqualTo(Part.KEY))
        .hasMessageContaining("is not the private key of the certificate");
  }

  @Test
  void should_blame_the_missing_file_when_one_is_gone() {
    assertThatThrownBy(() -> PemKeyPair.read(pair.cert(), dir.resolve("gone.key")))
        .isInstanceOfSatisfying(InvalidPairException.class, e -> assertThat(e.part()).isEqualTo(Part.KEY))
        .hasMessageContaining("does not exist");
  }

  private static byte[] pemBody(Buffer pem) {
    String text = pem.toString().replaceAll("-----[^-]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(text);
  }

  /**
   * The PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER version, SEQUENCE algorithm,
   * OCTET STRING key }, read with just enough DER to skip to the octet string's content.
   */
  private static byte[] rsaKeyOf(byte[] pkcs8) {
    int[] at = {0};
    header(pkcs8, at); // the outer SEQUENCE: step into it
    for (int skipped = 0; skipped < 2; skipped++) { // the version INTEGER, then the algorithm SEQUENCE
      int length = header(pkcs8, at);
      at[0] += length;
    }
    int length = header(pkcs8, at); // the OCTET STRING
    return Arrays.copyOfRange(pkcs8, at[0], at[0] + length);
  }

  /** Reads a DER tag and length at at[0], leaves at[0] on the content, returns the content's length. */
  private static int header(byte[] der, int[] at) {
    at[0]++; // tag
    int first = der[at[0]++] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      length = (length << 8) | (der[at[0]++] & 0xff);
    }
    return length;
  }
}
