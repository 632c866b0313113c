package org.camelmta.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.camelmta.config.Settings;
import org.camelmta.dns.MxResolver;
import org.camelmta.dns.PlanResult;
import org.camelmta.dns.ResolverSettings;
import org.camelmta.loopback.ZoneDnsServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: building a connection plan from cached answers (what every delivery does once the cache
 * is warm): MX records by preference, equal preferences shuffled, addresses per IP strategy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PlanBuildingBenchmark {

    private ZoneDnsServer dns;
    private MxResolver resolver;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dns = ZoneDnsServer.start().zone("example.net", """
                @   3600 IN MX 10 mx1.example.net.
                @   3600 IN MX 10 mx2.example.net.
                @   3600 IN MX 20 mx3.example.net.
                mx1 3600 IN A 127.0.0.2
                mx1 3600 IN AAAA ::1
                mx2 3600 IN A 127.0.0.3
                mx3 3600 IN A 127.0.0.4
                """);
        resolver = new MxResolver(ResolverSettings.from(Settings.of(java.util.Map.of("mta.dns.servers", dns.hostPort(),
                "mta.outbound.allowed-networks", "127.0.0.0/8,::1/128"))));
        resolver.plan("example.net"); // warm the cache
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        resolver.close();
        dns.close();
    }

    @Benchmark
    public PlanResult cachedPlan() {
        return resolver.plan("example.net");
    }
}
