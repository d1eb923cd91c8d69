package io.talis.provision.ansible;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The private folder of one playbook run: inventory, SSH key, variables, Ansible's own temporary
 * files. Created readable by this user only, so no other user (and no concurrent task) sees the
 * key or shares the inventory; removed with everything in it when the run ends, however it ends.
 */
final class PlaybookWorkspace implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PlaybookWorkspace.class.getName());

    private final Path folder;

    private PlaybookWorkspace(Path folder) {
        this.folder = folder;
    }

    static PlaybookWorkspace create() throws IOException {
        return new PlaybookWorkspace(Files.createTempDirectory("talis-ansible-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    Path folder() {
        return folder;
    }

    /** Writes a file that only this user can read, created with those permissions (never readable by others, not even briefly). */
    Path write(String name, String content) throws IOException {
        Path file = Files.createFile(folder.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content);
    }

    /** Copies a resource of the application (the shipped playbook) into the folder. */
    Path copyResource(String resource, String name) throws IOException {
        try (InputStream in = PlaybookWorkspace.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the application lacks its resource " + resource);
            }
            Path file = folder.resolve(name);
            Files.copy(in, file);
            return file;
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warning("could not remove the playbook folder " + folder + ": " + e.getMessage());
        }
    }
}
