package org.camelmta.smtp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH: CRLF normalisation and dot-stuffing of a message body. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DataEncodingBenchmark {

    @Param({"5120", "102400"})
    public int size;

    private byte[] content;
    private long sink;

    @Setup
    public void setUp() {
        StringBuilder sb = new StringBuilder(size + 100);
        for (int i = 0; sb.length() < size; i++) {
            // mixed line ends and leading dots, so every branch of the encoder runs
            sb.append(i % 10 == 0 ? ".a line that needs stuffing" : "an ordinary line of mail text, seventy octets or so")
                    .append(i % 7 == 0 ? "\n" : "\r\n");
        }
        content = sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Benchmark
    public long encode() throws SmtpFailure {
        DataEncoder.encode(content, (block, length) -> sink += length);
        return sink;
    }

    @Benchmark
    public long wireSize() {
        return DataEncoder.wireSize(content);
    }
}
