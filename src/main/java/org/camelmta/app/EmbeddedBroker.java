package org.camelmta.app;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.io.aio.AIOSequentialFileFactory;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyAcceptor;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.remoting.Acceptor;
import org.camelmta.security.BrokerTls;
import org.camelmta.security.BrokerUsers;
import org.camelmta.security.NetworkExposure;
import org.camelmta.security.PosixFiles;
import org.camelmta.security.PropertiesLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ActiveMQ Artemis broker camel-mta starts for itself when no {@code mta.broker.url} is set.
 * Configured by {@code artemis/broker.xml}; camel-mta places its directories under the data
 * directory, logs users in from the users and roles files ({@link BrokerUsers}, written on the
 * first start when missing), and, when asked, moves its acceptor or puts TLS on it.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

    private static final java.util.concurrent.atomic.AtomicInteger IN_VM_IDS = new java.util.concurrent.atomic.AtomicInteger();

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    private final int inVmId = 1000 + IN_VM_IDS.incrementAndGet();
    private final Predicate<File> aioSupported;
    private String url;
    private String listening;
    private boolean securityEnabled;
    private BrokerUsers users;

    /**
     * How the broker is started beyond broker.xml.
     *
     * @param host                 the acceptor's address, or null to keep broker.xml's
     * @param port                 the acceptor's port, or null to keep broker.xml's (0: any free port)
     * @param users                the users and roles files (written when missing)
     * @param allowInsecureNetwork whether an acceptor off loopback may start with security off
     * @param tls                  TLS on the acceptor, or null
     */
    public record Options(String host, Integer port, BrokerUsers users, boolean allowInsecureNetwork, BrokerTls tls) {
    }

    public EmbeddedBroker() {
        this(AIOSequentialFileFactory::isSupported);
    }

    /** @param aioSupported whether the AIO journal can write to a directory (tests stand in for libaio here) */
    EmbeddedBroker(Predicate<File> aioSupported) {
        this.aioSupported = aioSupported;
    }

    /**
     * Starts the broker and checks that its acceptor is listening (Artemis only logs
     * AMQ224104 when it cannot bind; here that stops the start).
     *
     * @param config  the broker.xml to read
     * @param dataDir the data directory; the broker's files go under {@code <dataDir>/broker}
     * @param host    the acceptor's address, or null to keep broker.xml's
     * @param port    the acceptor's port, or null to keep broker.xml's (0: any free port)
     */
    public EmbeddedBroker start(URL config, Path dataDir, String host, Integer port) throws Exception {
        return start(config, dataDir, new Options(host, port, BrokerUsers.inDataDir(dataDir.toAbsolutePath()), false, null));
    }

    /**
     * Starts the broker as {@link #start(URL, Path, String, Integer)} does, with the users,
     * network and TLS options given.
     */
    public EmbeddedBroker start(URL config, Path dataDir, Options options) throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        new FileDeploymentManager(config.toString()).addDeployable(configuration).readConfiguration();
        PosixFiles.createOwnerOnlyDirectory(dataDir);
        configuration.setBrokerInstance(dataDir.toAbsolutePath().toFile());
        securityEnabled = configuration.isSecurityEnabled();
        users = options.users();
        if (securityEnabled && options.users().createMissing()) {
            LOG.info("Broker users written to {} (one per role, random passwords, mode 0600) and roles to {}; "
                    + "the CLI reads them from there (docs/security.md)", options.users().usersFile(), options.users().rolesFile());
        }
        // JAAS in code: Artemis's PropertiesLoginModule over the two files, no login.config needed.
        broker.setSecurityManager(PropertiesLogin.securityManager(options.users()));
        Set<TransportConfiguration> acceptors = moved(configuration.getAcceptorConfigurations(), options);
        // The engine itself talks to its broker in-VM: no sockets, no encoding of every packet.
        acceptors.add(new TransportConfiguration(
                "org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory",
                Map.of("serverId", inVmId), "camel-mta-in-vm"));
        configuration.setAcceptorConfigurations(acceptors);
        chooseJournal(configuration);
        broker.setConfiguration(configuration);
        broker.start();
        url = checkAcceptors(options.tls() != null);
        LOG.info("Embedded Artemis broker listening on {} (clients: {}; security {}{}; data {}, {} journal)", listening, url,
                securityEnabled ? "on" : "OFF", options.tls() == null ? "" : ", TLS", dataDir.toAbsolutePath(),
                configuration.getJournalType());
        return this;
    }

    /**
     * broker.xml asks for Linux AIO, the faster journal; where it cannot run, the engine uses NIO
     * and says why once, instead of Artemis' warning, which names only half of what AIO needs:
     * the system's libaio and Artemis' JNI wrapper, which Java loads from java.library.path only.
     */
    private void chooseJournal(FileConfiguration configuration) throws Exception {
        if (configuration.getJournalType() != JournalType.ASYNCIO) {
            return;
        }
        File journal = configuration.getJournalLocation();
        Files.createDirectories(journal.toPath());
        if (!aioSupported.test(journal)) {
            configuration.setJournalType(JournalType.NIO);
            LOG.info("The broker journal uses Java NIO. The faster Linux AIO journal needs libaio (Debian: libaio1) "
                    + "and Artemis' libartemis-native-64.so on java.library.path: the build unpacks it to "
                    + "target/native, so start java with -Djava.library.path=target/native (docs/operations.md)");
        }
    }

    /** The journal the broker writes: ASYNCIO or NIO. */
    public JournalType journalType() {
        return broker.getActiveMQServer().getConfiguration().getJournalType();
    }

    /** The CORE URL of the acceptor, with its actual port: for every client outside this JVM. */
    public String url() {
        return url;
    }

    /** Where the acceptor really listens, as bound: e.g. {@code 0.0.0.0:61616}. */
    public String listening() {
        return listening;
    }

    /** The users and roles files the broker logs users in with. */
    public BrokerUsers users() {
        return users;
    }

    /** Whether broker.xml turned security on (it does, as shipped). */
    public boolean securityEnabled() {
        return securityEnabled;
    }

    /** The in-VM URL, for the engine in this JVM. */
    public String inVmUrl() {
        return "vm://" + inVmId;
    }

    public EmbeddedActiveMQ broker() {
        return broker;
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }

    private Set<TransportConfiguration> moved(Set<TransportConfiguration> acceptors, Options options) {
        Set<TransportConfiguration> result = new HashSet<>();
        for (TransportConfiguration t : acceptors) {
            Map<String, Object> params = new HashMap<>(t.getParams());
            if (options.host() != null && !options.host().isBlank()) {
                params.put("host", options.host());
            }
            if (options.port() != null) {
                params.put("port", options.port());
            }
            if (options.tls() != null) {
                params.putAll(options.tls().acceptorParams());
            }
            NetworkExposure.check(t.getName(), String.valueOf(params.getOrDefault("host", "localhost")), securityEnabled,
                    options.allowInsecureNetwork());
            result.add(new TransportConfiguration(t.getFactoryClassName(), params, t.getName(), t.getExtraParams()));
        }
        return result;
    }

    private String checkAcceptors(boolean tls) throws Exception {
        Map<String, Acceptor> acceptors = broker.getActiveMQServer().getRemotingService().getAcceptors();
        String first = null;
        for (Acceptor acceptor : acceptors.values()) {
            if (!(acceptor instanceof NettyAcceptor)) {
                continue; // the in-VM acceptor has nothing to bind
            }
            // isStarted() is true even when the bind failed; a bound Netty acceptor knows its port.
            boolean bound = acceptor.isStarted()
                    && (!(acceptor instanceof NettyAcceptor netty) || netty.getActualPort() > 0);
            if (!bound) {
                broker.stop();
                throw new IllegalStateException("the broker's acceptor " + acceptor.getName()
                        + " did not start (is its port in use?)");
            }
            if (first == null && acceptor instanceof NettyAcceptor netty) {
                first = "tcp://" + hostOf(netty) + ":" + netty.getActualPort() + (tls ? "?sslEnabled=true" : "");
                listening = bracketed(String.valueOf(netty.getConfiguration().getOrDefault("host", "localhost")))
                        + ":" + netty.getActualPort();
            }
        }
        if (first == null) {
            broker.stop();
            throw new IllegalStateException("broker.xml defines no TCP acceptor");
        }
        return first;
    }

    /** The host a client on this machine connects to: a wildcard address is reached on 127.0.0.1. */
    private static String hostOf(NettyAcceptor acceptor) {
        Object host = acceptor.getConfiguration().get("host");
        String h = host == null ? "127.0.0.1" : host.toString();
        if (h.equals("0.0.0.0") || h.equals("::")) {
            return "127.0.0.1";
        }
        return bracketed(h);
    }

    private static String bracketed(String h) {
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
