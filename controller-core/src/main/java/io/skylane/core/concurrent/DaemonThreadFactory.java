package io.skylane.core.concurrent;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.concurrent.ThreadFactory;

/**
 * Daemon threads with one name, for the controller's single-thread executors
 * ({@code skylane-topology}, {@code skylane-forwarding}, ...): they never keep the JVM alive, and
 * a thread dump says whose they are.
 */
public final class DaemonThreadFactory implements ThreadFactory {

    private final String name;

    private DaemonThreadFactory(String name) {
        this.name = name;
    }

    /** A factory whose threads are all called {@code name}. */
    public static DaemonThreadFactory named(String name) {
        checkNotNull(name, "name");
        checkArgument(!name.isBlank(), "thread name must not be blank");
        return new DaemonThreadFactory(name);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public String toString() {
        return "DaemonThreadFactory[" + name + "]";
    }
}
