package io.skylane.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the numbers were measured on: JVM, operating system, CPU, the cores this process may use. */
final class MachineInfo {

    private MachineInfo() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("cpu_model", procLine(Path.of("/proc/cpuinfo"), "model name", ':').orElse("unknown"));
        m.put("cpus_allowed", procLine(Path.of("/proc/self/status"), "Cpus_allowed_list", ':').orElse("unknown"));
        m.put("distribution", osRelease().orElse("unknown"));
        try {
            m.put("hostname", InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            m.put("hostname", "unknown");
        }
        return m;
    }

    /** Process CPU time in nanoseconds (all threads), or -1 where the JVM does not tell. */
    static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    private static Optional<String> procLine(Path file, String key, char separator) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String l : lines) {
                int at = l.indexOf(separator);
                if (l.startsWith(key) && at >= 0) {
                    return Optional.of(l.substring(at + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: unknown
        }
        return Optional.empty();
    }

    private static Optional<String> osRelease() {
        return procLine(Path.of("/etc/os-release"), "PRETTY_NAME=", '=').map(s -> s.replace("\"", ""));
    }
}
