package vn.bcci.portalsync.feed;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.messaging.WakeableLoop;

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

    private final EntityManager em;

    public FeedSequencer(EntityManager em) {
        this.em = em;
    }

    void start(@Observes StartupEvent ignored) {
        startLoop("feed-sequencer");
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopLoop(Duration.ofSeconds(5));
    }

    @Override
    protected void loop() {
        Duration backoff = Duration.ofMillis(100);
        while (running()) {
            try {
                int numbered = QuarkusTransaction.requiringNew().call(this::number);
                backoff = Duration.ofMillis(100);
                if (numbered < BATCH) {
                    await(Duration.ofSeconds(1));
                }
            } catch (RuntimeException e) {
                LOG.warnf("feed sequencer: %s; retrying in %d ms", e.getMessage(), backoff.toMillis());
                await(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(3)) > 0
                        ? Duration.ofSeconds(3)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** One round; the number of entries numbered. */
    int number() {
        boolean mine = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(hashtext('feed-sequencer'))")
                .getSingleResult();
        if (!mine) {
            return 0;
        }
        return em.createNativeQuery("UPDATE feed_entry f SET seq = m.last + x.n "
                + "FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM feed_entry WHERE seq IS NULL "
                + "ORDER BY id LIMIT " + BATCH + ") x, (SELECT coalesce(max(seq), 0) AS last FROM feed_entry) m "
                + "WHERE f.id = x.id").executeUpdate();
    }
}
