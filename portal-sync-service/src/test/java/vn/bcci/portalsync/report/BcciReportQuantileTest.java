package vn.bcci.portalsync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sync delay's quantiles, read from the report's histogram of delays (buckets bounded by DELAY_BOUNDS). */
class BcciReportQuantileTest {
    private static long[] histogram() {
        return new long[BcciReport.DELAY_BOUNDS.length + 1];
    }

    @Test
    void noDelaysHaveNoQuantile() {
        assertNull(BcciReport.quantile(histogram(), 0.5));
    }

    @Test
    void aQuantileIsInterpolatedWithinItsBucket() {
        long[] h = histogram();
        h[3] = 10; // ten delays between 0.5 s and 1 s
        assertEquals(0.75, BcciReport.quantile(h, 0.5), 1e-9);
        assertEquals(0.95, BcciReport.quantile(h, 0.9), 1e-9);
    }

    @Test
    void theQuantileFallsInTheBucketThatHoldsIt() {
        long[] h = histogram();
        h[0] = 90; // ninety under 0.1 s
        h[9] = 10; // ten between 30 s and 60 s
        double median = BcciReport.quantile(h, 0.5);
        double p95 = BcciReport.quantile(h, 0.95);
        assertTrue(median > 0 && median <= 0.1, "median " + median);
        assertEquals(45.0, p95, 1e-9);
    }

    @Test
    void delaysBeyondTheLastBoundStayFinite() {
        long[] h = histogram();
        h[h.length - 1] = 4; // over a week
        double last = BcciReport.DELAY_BOUNDS[BcciReport.DELAY_BOUNDS.length - 1];
        double p50 = BcciReport.quantile(h, 0.5);
        assertTrue(p50 >= last && p50 <= 2 * last, "p50 " + p50);
    }
}
