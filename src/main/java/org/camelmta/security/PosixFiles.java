package org.camelmta.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/** Owner-only files and directories, where the file system has POSIX permissions. */
public final class PosixFiles {

    private PosixFiles() {
    }

    static boolean supported(Path existing) {
        return Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    /**
     * Creates {@code dir} (and its parents) if it is missing; a directory created here is
     * readable by its owner only (0700): it holds the broker journal, queued mail and the
     * generated broker passwords. An existing directory keeps the mode its owner gave it.
     */
    public static Path createOwnerOnlyDirectory(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return absolute;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (parent != null && supported(parent)) {
            try {
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by someone else meanwhile: theirs
            }
        } else {
            Files.createDirectories(absolute);
        }
        return absolute;
    }
}
