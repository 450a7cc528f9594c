package io.skylane.mininet;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time (user + system, from /proc) a process has used, in all and on its threads of one
 * name: what a benchmark on a shared machine compares between runs when wall-clock times are noisy.
 */
record ProcessCpu(double seconds, double threadSeconds) {

    /** Linux's clock ticks per second for /proc's times (USER_HZ). */
    private static final double TICKS = 100.0;

    /** Process {@code pid}'s CPU now, and that of its threads named {@code thread}. */
    static ProcessCpu of(long pid, String thread) {
        Path proc = Path.of("/proc", Long.toString(pid));
        double threadTicks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path t : tasks) {
                if (Files.readString(t.resolve("comm")).trim().equals(thread)) {
                    threadTicks += ticks(Files.readString(t.resolve("stat")));
                }
            }
            return new ProcessCpu(ticks(Files.readString(proc.resolve("stat"))) / TICKS, threadTicks / TICKS);
        } catch (IOException e) {
            return new ProcessCpu(Double.NaN, Double.NaN);
        }
    }

    /** utime + stime of a /proc stat line (fields 14 and 15, after the command in parentheses). */
    private static double ticks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** What was used since {@code before}. */
    ProcessCpu since(ProcessCpu before) {
        return new ProcessCpu(seconds - before.seconds, threadSeconds - before.threadSeconds);
    }
}
