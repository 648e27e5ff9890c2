package vn.bcci.dossier.catalogue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import vn.bcci.dossier.config.DossierConfig;

/**
 * The procedure catalogue as registrations and moves read it: each procedure's terms kept in memory for
 * {@code dossier.catalogue.cache-for} (30 s by default) after they were read, so that a registration or a move does
 * not read its procedure's row every time (one statement of each in SystemBench's counts). The catalogue changes a few
 * times a day; a change reaches the instance that consumed it at once ({@link #forget()}) and the others within the
 * cache time. A procedure not in the catalogue is not remembered: it is looked for again next time.
 */
@ApplicationScoped
public class ProcedureCatalogue {
    /** What of a procedure the dossier rules use. */
    public record Terms(String code, String name, int processingDays, boolean postalIntake, boolean postalReturn) {
    }

    private record Cached(Terms terms, long readAt) {
    }

    private final long cacheForNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ProcedureCatalogue(DossierConfig config) {
        this.cacheForNanos = config.catalogue().cacheFor().toNanos();
    }

    /** The procedure's terms, or {@code null} when the catalogue does not have it. */
    public Terms find(String code) {
        if (code == null) {
            return null;
        }
        long now = System.nanoTime();
        Cached cached = cache.get(code);
        if (cached != null && now - cached.readAt() < cacheForNanos) {
            return cached.terms();
        }
        Procedure p = Procedure.findById(code);
        if (p == null) {
            cache.remove(code);
            return null;
        }
        Terms terms = new Terms(p.code, p.name, p.processingDays, p.postalIntake, p.postalReturn);
        if (cacheForNanos > 0) {
            cache.put(code, new Cached(terms, now));
        }
        return terms;
    }

    /** The catalogue changed (after the change committed): every procedure is read again on its next use. */
    public void forget() {
        cache.clear();
    }
}
