package org.camelmta.dkim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The private keys, read at start-up and read again when a file's modification time changes,
 * so a key can be replaced without a restart (checked at most once a second per file).
 */
public final class DkimKeys {

    private record Loaded(SigningKey key, FileTime modified, long checkedAtNanos) {
    }

    private final ConcurrentMap<Path, Loaded> keys = new ConcurrentHashMap<>();

    /**
     * Reads every configured key now.
     *
     * @throws IllegalArgumentException naming the setting of the first key that cannot be used
     */
    public static DkimKeys load(DkimSettings settings) {
        DkimKeys keys = new DkimKeys();
        for (DomainPolicy policy : settings.domains().values()) {
            for (DomainPolicy.Selector selector : policy.selectors()) {
                try {
                    keys.get(selector.keyFile());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(DkimSettings.PREFIX + policy.domain() + "." + selector.name()
                            + ".key-file: " + e.getMessage(), e);
                }
            }
        }
        return keys;
    }

    /**
     * The key in {@code file}, read again if the file changed.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no usable key
     */
    public SigningKey get(Path file) {
        long now = System.nanoTime();
        Loaded loaded = keys.get(file);
        if (loaded != null && now - loaded.checkedAtNanos() < 1_000_000_000L) {
            return loaded.key();
        }
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e, e);
        }
        if (loaded != null && loaded.modified().equals(modified)) {
            keys.put(file, new Loaded(loaded.key(), modified, now));
            return loaded.key();
        }
        SigningKey key = PemKeys.read(file);
        keys.put(file, new Loaded(key, modified, now));
        return key;
    }
}
