package org.camelmta.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * Two DKIM verifiers not written here, each given the TXT records instead of DNS: dkimpy
 * (Debian's python3-dkim, run by /usr/bin/python3; .ci/run installs it, and a test fails when
 * it is missing) for RSA and Ed25519, and Apache James jDKIM's verifier, which knows RSA only.
 */
final class Verifiers {

    /** What dkimpy said: its exit status and one line per signature. */
    record PythonResult(int exitCode, String output) {
        boolean allPass() {
            return exitCode == 0;
        }
    }

    private Verifiers() {
    }

    /** @param records TXT records by {@code <selector>._domainkey.<domain>} */
    static PythonResult dkimpy(byte[] message, Map<String, String> records, Path scratch) throws Exception {
        Path script = scratch.resolve("verify.py");
        try (InputStream in = Verifiers.class.getResourceAsStream("/dkim/verify.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path file = Files.createTempFile(scratch, "message", ".eml");
        Files.write(file, message);
        List<String> command = new ArrayList<>(List.of(python(), script.toString(), file.toString()));
        records.forEach((name, txt) -> command.add(name + "=" + txt));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("dkimpy did not finish in 60s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (out.contains("ModuleNotFoundError") || out.contains("No such file")) {
            throw new IllegalStateException("the DKIM verifier is missing: apt-get install python3-dkim\n" + out);
        }
        return new PythonResult(p.exitValue(), out);
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * The signatures jDKIM verified (its RSA ones), as {@code d/s}.
     *
     * @throws FailException when none verifies
     */
    static List<String> jdkim(byte[] message, Map<String, String> records) throws IOException, FailException {
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            String txt = records.get((selector + "._domainkey." + domain).toLowerCase(Locale.ROOT));
            if (txt == null) {
                throw new PermFailException("no key for " + selector + "._domainkey." + domain);
            }
            return List.of(txt);
        });
        List<SignatureRecord> passed = verifier.verify(new ByteArrayInputStream(message));
        List<String> result = new ArrayList<>();
        if (passed != null) {
            for (SignatureRecord r : passed) {
                result.add(r.getDToken() + "/" + r.getSelector());
            }
        }
        return result;
    }
}
