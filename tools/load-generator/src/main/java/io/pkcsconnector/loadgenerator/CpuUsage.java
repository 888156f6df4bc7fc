package io.pkcsconnector.loadgenerator;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM (the generator must not be the bottleneck: it reports its own cost) and of the stack's
 * processes, read from {@code /proc/<pid>/stat} for the pids in {@code .stack/pids}.
 */
final class CpuUsage {

    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100;

    private CpuUsage() {}

    /** This process's CPU seconds so far (all threads, user + system). */
    static double selfSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos / 1e9;
            }
        }
        return ProcessHandle.current()
                .info()
                .totalCpuDuration()
                .map(d -> d.toNanos() / 1e9)
                .orElse(0d);
    }

    /** CPU seconds so far of each {@code <name>.pid} in {@code pidsDir} whose process is alive. */
    static Map<String, Double> stackSeconds(Path pidsDir) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        if (pidsDir == null) {
            return seconds;
        }
        try (Stream<Path> files = Files.list(pidsDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid"))
                    .sorted()
                    .forEach(f -> {
                        String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                        Double cpu = processSeconds(f);
                        if (cpu != null) {
                            seconds.put(name, cpu);
                        }
                    });
        } catch (IOException e) {
            // No pid files, no per-service figures.
        }
        return seconds;
    }

    private static Double processSeconds(Path pidFile) {
        try {
            String pid = Files.readString(pidFile).trim();
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code after - before} per name present in both, rounded to 0.01 s. */
    static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new LinkedHashMap<>();
        after.forEach((name, value) -> {
            Double start = before.get(name);
            if (start != null) {
                delta.put(name, Math.round((value - start) * 100) / 100d);
            }
        });
        return delta;
    }
}
