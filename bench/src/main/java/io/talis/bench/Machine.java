package io.talis.bench;

import io.talis.testing.TalisDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/** What the figures were measured on, and how busy the machine was. */
final class Machine {

    private Machine() {
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String describe(BenchRun run, String figures, Duration took, String loadBefore) {
        BenchPostgres postgres = run.postgres();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Run of %s, figures `%s` (%s scale), took %d min %d s.%n%n",
                LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), figures, run.scale().name(),
                took.toMinutes(), took.toSecondsPart()));
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(memory()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        out.append("- Java: ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.runtime.version")).append("; JVM flags of both sides: `")
                .append(String.join(" ", BenchRun.JVM_FLAGS)).append("`\n");
        out.append("- PostgreSQL ").append(postgres.version()).append(" (embedded, zonky binaries), one server for all:")
                .append(" fsync=").append(postgres.setting("fsync"))
                .append(", synchronous_commit=").append(postgres.setting("synchronous_commit"))
                .append(", shared_buffers=").append(postgres.setting("shared_buffers"))
                .append(", max_wal_size=").append(postgres.setting("max_wal_size")).append('\n');
        out.append("- Talis: the shipped WAR on Payara Micro ").append(payaraVersion())
                .append(" plus the benchmark-only `test_work` handler; db-scheduler 16.12.0 with HikariCP 5.1.0\n");
        out.append("- Load average before the run: ").append(loadBefore).append("; after: ").append(loadAverage()).append('\n');
        out.append(String.format(Locale.ROOT, "- Other processes' CPU during the kept measurements: at most %.0f%% of the cores",
                run.worstForeignShare() * 100));
        if (run.disturbances().isEmpty()) {
            out.append("; no measurement had to be repeated\n");
        } else {
            out.append("; repeated because the machine was busy:\n");
            run.disturbances().forEach(note -> out.append("  - ").append(note).append('\n'));
        }
        return out.toString();
    }

    /** One line for a figure run on its own: when, and how busy the machine was. */
    static String stamp(BenchRun run) {
        return String.format(Locale.ROOT, "_Run on its own at %s (%s scale); other processes used at most %.0f%% of the"
                + " cores during its measurements._", LocalDateTime.now().truncatedTo(ChronoUnit.MINUTES), run.scale().name(),
                run.worstForeignShare() * 100);
    }

    private static String payaraVersion() {
        try (JarFile jar = new JarFile(TalisDeployment.microJar().toFile())) {
            JarEntry entry = jar.getJarEntry("META-INF/maven/fish.payara.server.internal.extras/payara-micro-boot/pom.properties");
            Properties properties = new Properties();
            if (entry != null) {
                properties.load(jar.getInputStream(entry));
            }
            return properties.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "memory unknown";
    }
}
