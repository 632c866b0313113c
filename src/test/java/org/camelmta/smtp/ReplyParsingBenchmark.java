package org.camelmta.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** JMH: reading replies, the client's most frequent work (run with {@code mvn -B -Pjmh verify}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyParsingBenchmark {

    private final byte[] ehlo = ("250-mx.example.net Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n"
            + "250-SMTPUTF8\r\n250-DSN\r\n250-ENHANCEDSTATUSCODES\r\n250 STARTTLS\r\n").getBytes(StandardCharsets.US_ASCII);
    private final byte[] pipelined = ("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    @Benchmark
    public EhloCapabilities multiLineEhlo() throws IOException {
        return EhloCapabilities.parse(new ReplyReader(new ByteArrayInputStream(ehlo)).read());
    }

    @Benchmark
    public int pipelinedReplies() throws IOException {
        ReplyReader r = new ReplyReader(new ByteArrayInputStream(pipelined));
        return r.read().code() + r.read().code() + r.read().code() + r.read().code();
    }
}
