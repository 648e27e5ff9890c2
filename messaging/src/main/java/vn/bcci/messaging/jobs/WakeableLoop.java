package vn.bcci.messaging.jobs;

import java.time.Duration;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import vn.bcci.messaging.retry.TransientFailures;

/**
 * A background loop on its own thread that sleeps between rounds and can be woken early (after a commit that gave it
 * work). Used by the outbox relay and by workers that deliver to outside systems.
 */
public abstract class WakeableLoop {
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    /** One pass of the loop body until {@link #running()} turns false. */
    protected abstract void loop();

    protected void startLoop(String threadName) {
        running = true;
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the loop to stop and waits for it (at most {@code grace}). */
    protected void stopLoop(Duration grace) {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    protected boolean running() {
        return running;
    }

    /**
     * Logs a failed round: our own outage (the database or the broker unavailable, {@link TransientFailures}) as one
     * warning line, since the loop waits it out and resumes by itself; anything else as an error with its trace.
     */
    protected static void roundFailed(org.jboss.logging.Logger log, String what, RuntimeException e) {
        if (TransientFailures.isTransient(e)) {
            log.warnf("%s: a dependency is unavailable (%s); waiting for it", what, TransientFailures.rootMessage(e));
        } else {
            log.errorf(e, "%s failed", what);
        }
    }

    /** Wakes the loop now if it is waiting. */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Waits for {@code duration}, or less when woken or stopped. */
    protected void await(Duration duration) {
        synchronized (signal) {
            if (!woken && running) {
                try {
                    signal.wait(Math.max(1, duration.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    /** Wakes the loop once the current transaction has committed; asked again in the same transaction, once. */
    public void wakeAfterCommit(TransactionSynchronizationRegistry transactions) {
        Object key = this;
        if (transactions.getResource(key) != null) {
            return;
        }
        transactions.putResource(key, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    wake();
                }
            }
        });
    }
}
