package org.camelmta.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.camelmta.cli.ExitCodes;
import org.camelmta.config.Settings;
import org.camelmta.dkim.DkimSettings;
import org.camelmta.dkim.DomainPolicy;
import org.camelmta.dkim.PemKeys;
import org.camelmta.dkim.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code camel-mta dkim-record --domain D --selector S}: the DNS TXT record to publish for a
 * configured DKIM key (RFC 6376 §3.6.2), read from the same settings the engine reads.
 */
@Command(name = "dkim-record", mixinStandardHelpOptions = true,
         description = "Print the DNS TXT record of a configured DKIM key (docs/dkim.md).")
public class DkimRecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "The configured domain (mta.dkim.DOMAIN.selectors), or * for the default.")
    String domain;

    @Option(names = "--selector", required = true, paramLabel = "SELECTOR", description = "One of its selectors.")
    String selector;

    @Option(names = "--value", description = "Print only the record's text, without the zone-file line.")
    boolean valueOnly;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", description = "Any setting, as for run.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DkimSettings dkim = DkimSettings.from(Settings.of(settings()));
        DomainPolicy policy = dkim.domains().get(domain.toLowerCase(Locale.ROOT));
        if (policy == null) {
            err.println("no DKIM keys configured for " + domain + " (mta.dkim." + domain + ".selectors)");
            return ExitCodes.USAGE;
        }
        DomainPolicy.Selector chosen = policy.selectors().stream().filter(s -> s.name().equalsIgnoreCase(selector))
                .findFirst().orElse(null);
        if (chosen == null) {
            err.println("selector " + selector + " is not among mta.dkim." + domain + ".selectors");
            return ExitCodes.USAGE;
        }
        SigningKey key;
        try {
            key = PemKeys.read(chosen.keyFile());
        } catch (IllegalArgumentException e) {
            err.println("mta.dkim." + domain + "." + chosen.name() + ".key-file: " + e.getMessage());
            return ExitCodes.IO;
        }
        String record = key.dnsRecord();
        if (valueOnly) {
            out.println(record);
            return ExitCodes.OK;
        }
        // A TXT string holds at most 255 octets (RFC 1035 §3.3.14); a 2048-bit key needs two.
        StringBuilder strings = new StringBuilder();
        for (int i = 0; i < record.length(); i += 250) {
            strings.append(i == 0 ? "" : " ").append('"').append(record, i, Math.min(record.length(), i + 250)).append('"');
        }
        out.println(chosen.name() + "._domainkey." + policy.signingDomain() + ". IN TXT ( " + strings + " )");
        return ExitCodes.OK;
    }

    /** application.properties (in the jar, then mta.config), system properties, then -D options. */
    private Map<String, String> settings() throws IOException {
        Properties p = new Properties();
        try (InputStream in = DkimRecordCommand.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                p.load(in);
            }
        }
        String config = settings.getOrDefault("mta.config", System.getProperty("mta.config", "application.properties"));
        Path file = Path.of(config);
        if (Files.isReadable(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        Map<String, String> all = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> all.put(k, p.getProperty(k)));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("mta."))
                .forEach(k -> all.put(k, System.getProperty(k)));
        all.putAll(settings);
        return all;
    }
}
