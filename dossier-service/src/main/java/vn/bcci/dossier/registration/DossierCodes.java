package vn.bcci.dossier.registration;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;

import vn.bcci.contracts.VietnamTime;
import vn.bcci.dossier.config.DossierConfig;

/**
 * Generated dossier codes {@code {agencyCode}-{yyMMdd}-{seq}} (docs/domain.md §4): the sequence is per agency and Vietnam
 * calendar day, reserved with an atomic upsert so that concurrent registrations (and instances) never get the same
 * number. Numbers are reserved in a transaction of their own, so the agency's sequence row is locked for one statement,
 * not for a whole registration, and in blocks that grow with demand: an agency registering now and then takes one
 * number at a time (its codes follow each other), one registering many per second takes up to
 * {@code dossier.codes.max-block} at once, so its registrations do not queue on its sequence row. A registration that
 * fails, or numbers left in a block when the instance stops, leave gaps; a number is never handed out twice.
 */
@ApplicationScoped
public class DossierCodes {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd")
            .withZone(VietnamTime.ZONE);
    /** A block taken sooner than this after the previous one doubles. */
    private static final long BUSY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RegistrationStore store;
    private final int maxBlock;
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();

    /** The numbers this instance holds for one agency and day: {@code next..last}. */
    private static final class Block {
        long next = 1;
        long last;
        int size;
        long takenAt;
    }

    @jakarta.inject.Inject
    public DossierCodes(RegistrationStore store, DossierConfig config) {
        this(store, config.codes().maxBlock());
    }

    DossierCodes(RegistrationStore store, int maxBlock) {
        this.store = store;
        this.maxBlock = Math.max(1, maxBlock);
    }

    public String next(String agencyCode, Instant now) {
        String day = DAY.format(now);
        String key = agencyCode + "|" + day;
        Block block = blocks.get(key);
        if (block == null) {
            blocks.keySet().removeIf(k -> !k.endsWith("|" + day)); // yesterday's blocks are done with
            block = blocks.computeIfAbsent(key, k -> new Block());
        }
        long seq;
        synchronized (block) {
            if (block.next > block.last) {
                long at = System.nanoTime();
                block.size = block.takenAt != 0 && at - block.takenAt < BUSY_NANOS
                        ? Math.min(block.size * 2, maxBlock)
                        : 1;
                int size = block.size;
                long last = QuarkusTransaction.requiringNew().call(() -> store.reserveCodes(agencyCode, day, size));
                block.next = last - size + 1;
                block.last = last;
                block.takenAt = at;
            }
            seq = block.next++;
        }
        return format(agencyCode, now, seq);
    }

    /** {@code {agencyCode}-{yyMMdd}-{seq}}: the day is the Vietnam calendar day; at least four digits. */
    static String format(String agencyCode, Instant at, long seq) {
        String number = Long.toString(seq);
        return agencyCode + "-" + DAY.format(at) + "-" + "0".repeat(Math.max(0, 4 - number.length())) + number;
    }
}
