package vn.bcci.portalsync.index;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything under {@code bcci.index.}: the weight of each criterion in the total (docs/decisions/0012; a criterion's
 * score is its weight times its share, the total their sum over the criteria a unit has figures for, brought back to
 * the sum of all weights).
 */
@ConfigMapping(prefix = "bcci.index")
public interface IndexConfig {
    Weights weights();

    interface Weights {
        @WithDefault("15")
        double offered();

        @WithDefault("15")
        double intakeByPost();

        @WithDefault("15")
        double returnByPost();

        @WithDefault("25")
        double onTime();

        @WithDefault("15")
        double firstAttemptDelivery();

        @WithDefault("15")
        double transparency();
    }
}
