package vn.bcci.portalsync.feed;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.messaging.jobs.WakeableLoop;
import vn.bcci.messaging.retry.TransientFailures;

/**
 * Numbers committed feed entries without gaps: one sequencer at a time across instances (an advisory lock), woken
 * after every commit that appended an entry, and every second in case another instance appended. Each round numbers
 * the entries it sees committed, in id order, after the highest number given so far, in one transaction: a reader never
 * sees a gap, and never a new entry below a number it has seen.
 */
@ApplicationScoped
public class FeedSequencer extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(FeedSequencer.class);
    private static final int BATCH = 1000;

    @Inject
    FeedStore store;

    void start(@Observes StartupEvent ignored) {
        startLoop("feed-sequencer");
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopLoop(Duration.ofSeconds(5));
    }

    @Override
    protected void loop() {
        int failures = 0;
        while (running()) {
            try {
                int numbered = QuarkusTransaction.requiringNew().call(this::number);
                failures = 0;
                if (numbered < BATCH) {
                    await(Duration.ofSeconds(1));
                }
            } catch (RuntimeException e) {
                roundFailed(LOG, "feed sequencer round", e);
                await(TransientFailures.BACKOFF.after(++failures));
            }
        }
    }

    /** One round; the number of entries numbered. */
    int number() {
        return store.numberCommitted(BATCH);
    }
}
