package vn.bcci.portalsync.portal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The portal's answers per minute and agency, across instances ({@code portal_answer_minute}): counted in memory as
 * calls are answered, added to the table every few seconds (one upsert per minute, agency and answer), kept a day. What
 * the console's "answers over the last hour" chart reads; the metric {@code portal_calls_total} is per instance.
 */
@ApplicationScoped
public class PortalAnswerLog {
    private static final Logger LOG = Logger.getLogger(PortalAnswerLog.class);

    /** One bar of the chart: a minute's answers of one kind. */
    public record Count(Instant minute, String answer, long calls) {
    }

    private record Key(Instant minute, String agency, String answer) {
    }

    @Inject
    PortalStore store;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();
    private volatile Instant lastPrune = Instant.EPOCH;

    /** Counts one answer ({@code agency} empty for calls on no agency's behalf, such as a login). */
    void count(String agency, String answer) {
        Key key = new Key(Instant.now().truncatedTo(ChronoUnit.MINUTES), agency, answer);
        pending.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flushOnSchedule() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("portal answers not recorded yet (kept for the next try): %s", e.getMessage());
        }
    }

    void flushOnShutdown(@jakarta.enterprise.event.Observes ShutdownEvent event) {
        flushOnSchedule();
    }

    /** Adds what was counted since the last flush to the table; what fails to be added is kept for the next one. */
    @Transactional
    public void flush() {
        for (Key key : List.copyOf(pending.keySet())) {
            LongAdder adder = pending.remove(key);
            long n = adder == null ? 0 : adder.sum();
            if (n == 0) {
                continue;
            }
            try {
                store.addAnswers(key.minute(), key.agency(), key.answer(), n);
            } catch (RuntimeException e) {
                pending.computeIfAbsent(key, k -> new LongAdder()).add(n);
                throw e;
            }
        }
        if (lastPrune.isBefore(Instant.now().minus(1, ChronoUnit.HOURS))) {
            store.pruneAnswers();
            lastPrune = Instant.now();
        }
    }

    /**
     * The answers of the last {@code minutes} minutes, oldest first; one agency's ({@code null}: every agency's, and
     * calls on no agency's behalf).
     */
    @Transactional
    public List<Count> lastMinutes(int minutes, String agency) {
        List<Object[]> rows = store.answersSince(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(minutes - 1L,
                ChronoUnit.MINUTES), agency);
        return rows.stream().map(r -> new Count(vn.bcci.support.sql.SqlValues.instant(r[0]), (String) r[1],
                ((Number) r[2]).longValue())).toList();
    }
}
