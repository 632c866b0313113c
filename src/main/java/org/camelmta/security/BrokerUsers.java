package org.camelmta.security;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;

/**
 * The broker's users and roles, in Artemis's own PropertiesLoginModule files: a users file of
 * {@code user = password} lines (a password may be an {@code ENC(...)} hash made by
 * {@code artemis mask --hash}) and a roles file of {@code role = user1,user2} lines.
 *
 * <p>A file that does not exist is written on the first start: the users file with one user per
 * {@link BrokerRole}, named as the role, each with a random password, readable by its owner
 * only (0600), so that the broker is never open and the CLI, run by the same account, finds the
 * credentials it needs on its own.
 */
public record BrokerUsers(Path usersFile, Path rolesFile) {

    /** The file names in the data directory when no {@code mta.broker.users-file} / {@code roles-file} is set. */
    public static final String USERS_FILE = "broker-users.properties";
    public static final String ROLES_FILE = "broker-roles.properties";

    private static final SecureRandom RANDOM = new SecureRandom();

    public BrokerUsers {
        usersFile = usersFile.toAbsolutePath().normalize();
        rolesFile = rolesFile.toAbsolutePath().normalize();
    }

    /** The default files in a data directory. */
    public static BrokerUsers inDataDir(Path dataDir) {
        return new BrokerUsers(dataDir.resolve(USERS_FILE), dataDir.resolve(ROLES_FILE));
    }

    /**
     * Writes whichever of the two files is missing; returns true if the users file was written
     * now (its path is then worth logging: it holds the only copy of the passwords).
     */
    public boolean createMissing() throws IOException {
        boolean wroteUsers = false;
        if (!Files.exists(usersFile)) {
            StringBuilder users = new StringBuilder("# camel-mta broker users (user = password; ENC(...) hashes accepted),"
                    + " written on the first start.\n# One user per role; see docs/security.md to add your own.\n");
            for (BrokerRole role : BrokerRole.values()) {
                users.append(role.roleName()).append(" = ").append(randomPassword()).append('\n');
            }
            wroteUsers = writeOwnerOnly(usersFile, users.toString());
        }
        if (!Files.exists(rolesFile)) {
            StringBuilder roles = new StringBuilder("# camel-mta broker roles (role = user1,user2), written on the first start.\n");
            for (BrokerRole role : BrokerRole.values()) {
                roles.append(role.roleName()).append(" = ").append(role.roleName()).append('\n');
            }
            writeOwnerOnly(rolesFile, roles.toString());
        }
        return wroteUsers;
    }

    /**
     * The plain password of {@code user} in the users file; empty when the file or the user is
     * missing, or when the password is stored as an {@code ENC(...)} hash (which no one can
     * turn back into the password).
     */
    public Optional<String> plainPassword(String user) throws IOException {
        if (!Files.isRegularFile(usersFile)) {
            return Optional.empty();
        }
        String password = load(usersFile).getProperty(user);
        if (password == null || password.isBlank() || password.strip().startsWith("ENC(")) {
            return Optional.empty();
        }
        return Optional.of(password.strip());
    }

    /** The first user the roles file gives {@code role}, if any. */
    public Optional<String> firstUserOf(BrokerRole role) throws IOException {
        if (!Files.isRegularFile(rolesFile)) {
            return Optional.empty();
        }
        String users = load(rolesFile).getProperty(role.roleName());
        if (users == null) {
            return Optional.empty();
        }
        for (String u : users.split(",")) {
            if (!u.isBlank()) {
                return Optional.of(u.strip());
            }
        }
        return Optional.empty();
    }

    /** The credentials for {@code role}: its first user in the roles file, with a plain password in the users file. */
    public Optional<BrokerCredentials> credentialsFor(BrokerRole role) throws IOException {
        Optional<String> user = firstUserOf(role);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        return plainPassword(user.get()).map(p -> new BrokerCredentials(user.get(), p));
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    /** 24 random bytes, URL-safe Base64: no character a properties file or a shell would change. */
    private static String randomPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Creates the file with mode 0600 from the start (never readable by others, not even briefly). */
    private static boolean writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try {
            if (PosixFiles.supported(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return false; // another start wrote it first; keep that one
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            w.write(content);
        }
        return true;
    }
}
