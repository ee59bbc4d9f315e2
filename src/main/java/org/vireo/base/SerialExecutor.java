package org.vireo.base;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** Runs tasks one after the other, in the order given, on threads of another executor (never two at once). */
public final class SerialExecutor implements Executor {
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private final Executor executor;
    private Runnable active;

    public SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(() -> {
            try {
                task.run();
            } finally {
                next();
            }
        });
        if (active == null) {
            next();
        }
    }

    private synchronized void next() {
        active = tasks.poll();
        if (active != null) {
            executor.execute(active);
        }
    }
}
