package org.camelmta.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.activemq.artemis.core.server.JournalType;

/** Which journal a broker started by the tests must write on this machine. */
public final class Journals {

    private Journals() {
    }

    /** Linux x86-64 with libaio installed (CI installs it): the build's target/native makes AIO load. */
    public static boolean libaioInstalled() {
        return System.getProperty("os.arch").equals("amd64")
                && Stream.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64")
                        .anyMatch(dir -> Files.exists(Path.of(dir, "libaio.so.1")));
    }

    /** ASYNCIO where libaio is installed, else NIO. */
    public static JournalType expected() {
        return libaioInstalled() ? JournalType.ASYNCIO : JournalType.NIO;
    }
}
