package org.camelmta.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camelmta.loopback.SinkTransaction;
import org.camelmta.support.JmsClient;
import org.camelmta.support.Mail;
import org.camelmta.support.Sinks;
import org.camelmta.support.TestEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key that cannot be read at run time never lets mail out unsigned by default: the
 * submission is rolled back and redelivered, then parked on mta.dlq naming the key, with an
 * "invalid" event (mta.dkim.on-error=defer); with send-unsigned it goes out without the
 * signature. A key file replaced while the engine runs is used from then on. Notices the engine
 * writes are signed with the key of its own domain.
 */
class UnusableKeyNeverSendsMailUnsignedTest {

    @TempDir
    Path dir;

    @Test
    void deferredThenParkedNamingTheKeyNeverSentUnsigned() throws Exception {
        Path key = TestKeys.write(dir, "rsa.pem", TestKeys.pkcs8Pem(TestKeys.rsa(2048)));
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("data"))
                     .set("mta.routes.example.org", "[127.0.0.2]:" + sinks.port())
                     .set("mta.poison.attempts", "2")
                     .set("mta.dkim.example.com.selectors", "s1")
                     .set("mta.dkim.example.com.s1.key-file", key.toString()).start();
             JmsClient.EventCollector events = engine.jms().subscribeEvents()) {
            Files.delete(key);
            Thread.sleep(1100); // the key file is looked at again at most once a second
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "b@example.org", "held", "x\r\n"), Map.of());

            Message dead = engine.jms().receive("mta.dlq", Duration.ofSeconds(30));
            assertThat(dead).as("parked on mta.dlq").isNotNull();
            assertThat(dead.getStringProperty("mtaError")).contains("DkimException")
                    .contains("mta.dkim.example.com.s1.key-file");
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.ofType("invalid").isEmpty());
            assertThat(sinks.get(0).transactions()).as("nothing sent unsigned").isEmpty();
        }
    }

    @Test
    void sendUnsignedWhenAskedTo() throws Exception {
        Path key = TestKeys.write(dir, "rsa.pem", TestKeys.pkcs8Pem(TestKeys.rsa(2048)));
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("data"))
                     .set("mta.routes.example.org", "[127.0.0.2]:" + sinks.port())
                     .set("mta.dkim.on-error", "send-unsigned")
                     .set("mta.dkim.example.com.selectors", "s1")
                     .set("mta.dkim.example.com.s1.key-file", key.toString()).start()) {
            Files.writeString(key, "not a key");
            Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(1100);
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "b@example.org", "unsigned", "x\r\n"), Map.of());
            assertThat(sinks.get(0).awaitMessages(1, Duration.ofSeconds(20))).isTrue();
            assertThat(sinks.get(0).transactions().get(0).contentAsString()).doesNotContain("DKIM-Signature");
        }
    }

    @Test
    void aReplacedKeyFileIsUsedWithoutARestart() throws Exception {
        KeyPair first = TestKeys.ed25519();
        KeyPair second = TestKeys.ed25519();
        Path key = TestKeys.write(dir, "ed.pem", TestKeys.pkcs8Pem(first));
        try (Sinks sinks = Sinks.onLoopback(1);
             TestEngine engine = TestEngine.builder(dir.resolve("data"))
                     .set("mta.routes.example.org", "[127.0.0.2]:" + sinks.port())
                     .set("mta.dkim.example.com.selectors", "s1")
                     .set("mta.dkim.example.com.s1.key-file", key.toString()).start()) {
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "one@example.org", "one", "x\r\n"), Map.of());
            byte[] one = receivedBy(sinks, "one@example.org");
            assertThat(Verifiers.dkimpy(one, Map.of("s1._domainkey.example.com", record(first)), dir).allPass()).isTrue();

            TestKeys.write(dir, "ed.pem", TestKeys.pkcs8Pem(second));
            Files.setLastModifiedTime(key, FileTime.from(Instant.now().plusSeconds(5)));
            Thread.sleep(1100);
            engine.jms().send("mta.submit", Mail.simple("a@example.com", "two@example.org", "two", "x\r\n"), Map.of());
            byte[] two = receivedBy(sinks, "two@example.org");
            assertThat(Verifiers.dkimpy(two, Map.of("s1._domainkey.example.com", record(second)), dir).allPass())
                    .as("signed with the new key").isTrue();
            assertThat(Verifiers.dkimpy(two, Map.of("s1._domainkey.example.com", record(first)), dir).allPass()).isFalse();
        }
    }

    @Test
    void noticesAreSignedWithTheEnginesDomainKey() throws Exception {
        KeyPair engineKey = TestKeys.rsa(2048);
        Path key = TestKeys.write(dir, "engine.pem", TestKeys.pkcs1Pem(engineKey));
        // The engine is mta.test.example (TestEngine); its notices come from MAILER-DAEMON there
        // and are signed with the key of its nearest configured parent, test.example.
        try (Sinks withoutDsn = Sinks.onLoopback(1, b -> b.without("DSN"));
             TestEngine engine = TestEngine.builder(dir.resolve("data"))
                     .set("mta.routes.example.org", "[127.0.0.2]:" + withoutDsn.port())
                     .set("mta.routes.example.com", "[127.0.0.2]:" + withoutDsn.port())
                     .set("mta.dkim.test.example.selectors", "notices")
                     .set("mta.dkim.test.example.notices.key-file", key.toString()).start()) {
            engine.jms().send("mta.submit", Mail.simple("alice@example.com", "bob@example.org", "notify", "x\r\n"),
                    Map.of("mtaNotify", "SUCCESS"));
            byte[] notice = receivedBy(withoutDsn, "alice@example.com");
            assertThat(new String(notice, StandardCharsets.UTF_8)).contains("MAILER-DAEMON@mta.test.example");
            Verifiers.PythonResult r = Verifiers.dkimpy(notice, Map.of("notices._domainkey.test.example",
                    "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(engineKey.getPublic().getEncoded())), dir);
            assertThat(r.allPass()).as(r.output()).isTrue();
            assertThat(r.output()).contains("pass d=test.example s=notices");
        }
    }

    private static String record(KeyPair ed) {
        byte[] spki = ed.getPublic().getEncoded();
        return "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(
                java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length));
    }

    private static byte[] receivedBy(Sinks sinks, String rcpt) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !mine(sinks, rcpt).isEmpty());
        return mine(sinks, rcpt).get(0).content();
    }

    private static List<SinkTransaction> mine(Sinks sinks, String rcpt) {
        return sinks.get(0).transactions().stream().filter(t -> t.recipientAddresses().contains(rcpt)).toList();
    }
}
