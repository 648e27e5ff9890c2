package vn.bcci.portalsync.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The index's arithmetic on figures given by hand: shares, scores, the total over what a unit has, the ranking. */
class BcciIndexTest {
    private static final BcciIndex.Weights WEIGHTS = new BcciIndex.Weights(15, 15, 15, 25, 15, 15);

    @Test
    void ranksByTotalWithTheCriteriaAUnitHasFiguresFor() {
        Map<String, Map<String, Long>> now = Map.of(
                // everything: 0.5 of each → 50 (the weights sum to 100)
                "H22", Map.of("received", 10L, "received.POSTAL", 5L, "resolved.ON_TIME", 8L, "to_post", 4L,
                        "bcci.resolved.ON_TIME", 2L, "bcci.resolved.LATE", 2L, "delivered", 4L, "delivered.first", 2L,
                        "bcci.received", 6L, "bcci.synced", 3L),
                // received by post only, all acknowledged, nothing resolved or delivered yet: judged on intake
                // (1.0) and transparency (1.0) alone, and on the catalogue (none): 100
                "G12", Map.of("received", 2L, "received.POSTAL", 2L, "bcci.received", 2L, "bcci.synced", 2L));
        Map<String, long[]> catalogue = Map.of("H22", new long[]{4, 2}, "H01", new long[]{10, 0});
        List<BcciIndex.Unit> ranked = BcciIndex.rank(Level.UNIT, now, Map.of(), catalogue, WEIGHTS);

        assertEquals(List.of("G12", "H22", "H01"), ranked.stream().map(BcciIndex.Unit::unit).toList());
        assertEquals(List.of(1, 2, 3), ranked.stream().map(BcciIndex.Unit::rank).toList());
        assertEquals(List.of("MINISTRY", "PROVINCE", "PROVINCE"), ranked.stream().map(BcciIndex.Unit::kind).toList());
        assertEquals(100.0, ranked.get(0).score());
        assertEquals(50.0, ranked.get(1).score());
        assertNull(ranked.get(2).score(), "no dossier in the period: no score, whatever its catalogue");
        assertEquals(0.0, ranked.get(2).criteria().offered().share(), "its catalogue offers nothing by post");
        BcciIndex.Criteria h22 = ranked.get(1).criteria();
        assertEquals(new BcciIndex.Measure(2, 4, 0.5, null, 12.5), h22.onTime());
        assertEquals(new BcciIndex.Measure(4, 8, 0.5, null, 7.5), h22.returnByPost());
        assertNull(ranked.get(1).previousScore(), "no figures in the previous period");
        assertEquals(new BcciIndex.Measure(0, 0, null, null, null), ranked.get(0).criteria().onTime());
    }

    @Test
    void theSharesCapAtOneAndThePreviousPeriodStandsBeside() {
        Map<String, Map<String, Long>> before = Map.of("H22", Map.of("received", 4L, "received.POSTAL", 1L));
        Map<String, Map<String, Long>> now = Map.of("H22", Map.of("received", 4L, "received.POSTAL", 3L,
                "delivered", 1L, "delivered.first", 2L));
        BcciIndex.Unit u = BcciIndex.rank(Level.AGENCY, now, before, Map.of(), WEIGHTS).get(0);
        assertEquals(new BcciIndex.Measure(3, 4, 0.75, 0.25, 11.3), u.criteria().intakeByPost());
        assertEquals(1.0, u.criteria().firstAttemptDelivery().share());
        assertEquals(25.0, u.previousScore());
        assertEquals("OTHER", Level.kindOf(Level.AGENCY, "000.00.01.X22"));
        assertEquals("PROVINCE", Level.kindOf(Level.AGENCY, "000.00.01.H22"));
    }
}
