package vn.bcci.dossier.lifecycle;

import static vn.bcci.contracts.DossierStatus.ACCEPTED;
import static vn.bcci.contracts.DossierStatus.IN_PROGRESS;
import static vn.bcci.contracts.DossierStatus.PAYMENT_REQUESTED;
import static vn.bcci.contracts.DossierStatus.REJECTED;
import static vn.bcci.contracts.DossierStatus.RESULT_READY;
import static vn.bcci.contracts.DossierStatus.RESULT_RETURNED;
import static vn.bcci.contracts.DossierStatus.STOPPED;
import static vn.bcci.contracts.DossierStatus.SUBMITTED;
import static vn.bcci.contracts.DossierStatus.SUPPLEMENT_REQUESTED;
import static vn.bcci.contracts.DossierStatus.WITHDRAWN;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import vn.bcci.contracts.DossierStatus;

/**
 * The dossier status machine of docs/domain.md §3, and nothing else: which moves are allowed. Framework-free.
 *
 * <pre>
 * 1→2|3|7; 2→4|5|6|7|8; 4→5|6|8|9|7; 5→4|7|3; 6→4|7; 9→10; terminal: 3, 7, 8, 10
 * </pre>
 */
public final class StatusMachine {
    private static final Map<DossierStatus, Set<DossierStatus>> NEXT = new EnumMap<>(DossierStatus.class);

    static {
        NEXT.put(SUBMITTED, EnumSet.of(ACCEPTED, REJECTED, WITHDRAWN));
        NEXT.put(ACCEPTED, EnumSet.of(IN_PROGRESS, SUPPLEMENT_REQUESTED, PAYMENT_REQUESTED, WITHDRAWN, STOPPED));
        NEXT.put(IN_PROGRESS, EnumSet.of(SUPPLEMENT_REQUESTED, PAYMENT_REQUESTED, STOPPED, RESULT_READY, WITHDRAWN));
        NEXT.put(SUPPLEMENT_REQUESTED, EnumSet.of(IN_PROGRESS, WITHDRAWN, REJECTED));
        NEXT.put(PAYMENT_REQUESTED, EnumSet.of(IN_PROGRESS, WITHDRAWN));
        NEXT.put(RESULT_READY, EnumSet.of(RESULT_RETURNED));
        for (DossierStatus terminal : EnumSet.of(REJECTED, WITHDRAWN, STOPPED, RESULT_RETURNED)) {
            NEXT.put(terminal, EnumSet.noneOf(DossierStatus.class));
        }
    }

    private StatusMachine() {
    }

    /** The statuses a dossier in {@code from} may move to (empty for a terminal status). */
    public static Set<DossierStatus> allowedFrom(DossierStatus from) {
        Set<DossierStatus> next = NEXT.get(from);
        return next == null || next.isEmpty() ? EnumSet.noneOf(DossierStatus.class) : EnumSet.copyOf(next);
    }

    public static boolean allows(DossierStatus from, DossierStatus to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }
}
