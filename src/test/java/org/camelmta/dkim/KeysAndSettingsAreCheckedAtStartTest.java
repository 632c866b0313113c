package org.camelmta.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.camelmta.config.Settings;
import org.camelmta.support.Cli;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys are read as openssl writes them (PKCS#1 and PKCS#8, RSA and Ed25519, the algorithm
 * taken from the key); a key or setting that cannot be used stops the start naming its key; the
 * policy of a From domain is its own, else its nearest parent's, else the default; and
 * {@code camel-mta dkim-record} prints the record to publish.
 */
class KeysAndSettingsAreCheckedAtStartTest {

    @TempDir
    Path dir;

    @Test
    void pemKeysOfEitherFormReadWithTheirAlgorithm() throws Exception {
        KeyPair rsa = TestKeys.rsa(2048);
        KeyPair ed = TestKeys.ed25519();
        SigningKey pkcs1 = PemKeys.parse(TestKeys.pkcs1Pem(rsa));
        SigningKey pkcs8 = PemKeys.parse(TestKeys.pkcs8Pem(rsa));
        SigningKey ed25519 = PemKeys.parse(TestKeys.pkcs8Pem(ed));
        assertThat(pkcs1.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(pkcs1.bits()).isEqualTo(2048);
        assertThat(pkcs1.dnsRecord()).isEqualTo(pkcs8.dnsRecord())
                .isEqualTo("v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded()));
        assertThat(ed25519.algorithm()).isEqualTo(DkimAlgorithm.ED25519_SHA256);
        byte[] spki = ed.getPublic().getEncoded();
        assertThat(ed25519.dnsRecord()).as("the public key derived from the private seed, bare (RFC 8463)")
                .isEqualTo("v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(
                        java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length)));
    }

    @Test
    void unusableKeysAreRefusedSayingWhy() throws Exception {
        assertThatThrownBy(() -> PemKeys.parse(TestKeys.pkcs8Pem(TestKeys.rsa(512)))).hasMessageContaining("512 bits");
        assertThatThrownBy(() -> PemKeys.parse("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> PemKeys.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .hasMessageContaining("not a usable RSA or Ed25519 private key");
    }

    @Test
    void anEngineWithABadKeyStopsAtStartNamingTheKey() throws Exception {
        Path weak = TestKeys.write(dir, "weak.pem", TestKeys.pkcs8Pem(TestKeys.rsa(512)));
        assertThatThrownBy(() -> TestEngine.builder(dir.resolve("data"))
                .set("mta.dkim.example.com.selectors", "s1").set("mta.dkim.example.com.s1.key-file", weak.toString())
                .start().close())
                .satisfies(e -> assertThat(messages(e)).contains("mta.dkim.example.com.s1.key-file: ")
                        .contains("512 bits"));
        assertThat(dir.resolve("data").resolve("broker")).as("stopped before the broker started").doesNotExist();
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() throws Exception {
        Path key = TestKeys.write(dir, "k.pem", TestKeys.pkcs8Pem(TestKeys.ed25519()));
        assertThatThrownBy(() -> DkimSettings.from(Settings.of(Map.of("mta.dkim.example.com.selectors", "s1"))))
                .hasMessage("mta.dkim.example.com.s1.key-file: not set");
        assertThatThrownBy(() -> DkimSettings.from(Settings.of(Map.of("mta.dkim.example.com.selectors", "s1",
                "mta.dkim.example.com.s1.key-file", key.toString(), "mta.dkim.example.com.canonicalization", "loose"))))
                .hasMessageStartingWith("mta.dkim.example.com.canonicalization: ");
        assertThatThrownBy(() -> DkimSettings.from(Settings.of(Map.of("mta.dkim.*.selectors", "s1",
                "mta.dkim.*.s1.key-file", key.toString())))).hasMessageStartingWith("mta.dkim.*.domain: ");
        assertThatThrownBy(() -> DkimSettings.from(Settings.of(Map.of("mta.dkim.on-error", "drop"))))
                .hasMessageStartingWith("mta.dkim.on-error: ");
    }

    @Test
    void theFromDomainItsNearestParentOrTheDefaultSigns() throws Exception {
        Path key = TestKeys.write(dir, "k.pem", TestKeys.pkcs8Pem(TestKeys.ed25519()));
        DkimSettings s = DkimSettings.from(Settings.of(Map.of(
                "mta.dkim.example.com.selectors", "a", "mta.dkim.example.com.a.key-file", key.toString(),
                "mta.dkim.mail.example.com.selectors", "b", "mta.dkim.mail.example.com.b.key-file", key.toString(),
                "mta.dkim.*.selectors", "c", "mta.dkim.*.c.key-file", key.toString(), "mta.dkim.*.domain", "esp.example")));
        assertThat(s.forDomain("example.com").orElseThrow().signingDomain()).isEqualTo("example.com");
        assertThat(s.forDomain("News.Example.COM").orElseThrow().signingDomain()).isEqualTo("example.com");
        assertThat(s.forDomain("x.mail.example.com").orElseThrow().signingDomain()).isEqualTo("mail.example.com");
        assertThat(s.forDomain("example.org").orElseThrow().signingDomain()).isEqualTo("esp.example");
        assertThat(DkimSettings.from(Settings.of(Map.of())).forDomain("example.org")).isEmpty();
    }

    @Test
    void oversignedFieldsAreNamedOnceMoreThanPresent() throws Exception {
        Path keyFile = TestKeys.write(dir, "k.pem", TestKeys.pkcs8Pem(TestKeys.ed25519()));
        DkimSettings s = DkimSettings.from(Settings.of(Map.of("mta.dkim.example.com.selectors", "a",
                "mta.dkim.example.com.a.key-file", keyFile.toString(), "mta.dkim.example.com.headers", "From,Subject,X-Two",
                "mta.dkim.example.com.oversign", "From,Subject")));
        DkimProcessor p = new DkimProcessor(s, DkimKeys.load(s), java.time.Clock.systemUTC());
        byte[] signed = p.sign("From: a@example.com\r\nX-Two: 1\r\nX-Two: 2\r\nX-Other: 3\r\n\r\nhi\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII), "id");
        String text = new String(signed, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(text.replaceAll("\r\n\t ?", "")).contains("h=from:from:subject:x-two:x-two;");
    }

    @Test
    void theCliPrintsTheRecordToPublish() throws Exception {
        KeyPair rsa = TestKeys.rsa(2048);
        Path key = TestKeys.write(dir, "rsa.pem", TestKeys.pkcs1Pem(rsa));
        String p = Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded());
        Cli.Result zone = Cli.run("dkim-record", "--domain", "example.com", "--selector", "s2026",
                "-D", "mta.dkim.example.com.selectors=s2026", "-D", "mta.dkim.example.com.s2026.key-file=" + key);
        assertThat(zone.exit()).as(zone.err()).isZero();
        assertThat(zone.out()).startsWith("s2026._domainkey.example.com. IN TXT ( \"v=DKIM1; k=rsa; p=");
        assertThat(zone.out().replaceAll("\" \"", "")).contains(p);
        Cli.Result value = Cli.run("dkim-record", "--domain", "example.com", "--selector", "s2026", "--value",
                "-D", "mta.dkim.example.com.selectors=s2026", "-D", "mta.dkim.example.com.s2026.key-file=" + key);
        assertThat(value.out().strip()).isEqualTo("v=DKIM1; k=rsa; p=" + p);
        assertThat(Cli.run("dkim-record", "--domain", "example.org", "--selector", "s2026").exit()).isEqualTo(64);
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
