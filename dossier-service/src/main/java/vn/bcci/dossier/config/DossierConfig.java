package vn.bcci.dossier.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything under {@code dossier.}: the code sequence's blocks, the postal steps' wait for a missing predecessor, the
 * catalogue's cache. (What is kept and for how long: {@code retention.*}, read by {@code retention.RetentionJob}.)
 */
@ConfigMapping(prefix = "dossier")
public interface DossierConfig {
    Codes codes();

    Postal postal();

    Catalogue catalogue();

    interface Codes {
        /** The most numbers an instance reserves at once for a busy agency (docs/domain.md §4). */
        @WithDefault("32")
        int maxBlock();
    }

    interface Postal {
        /** How long an item's event waits for its predecessor before it is applied without it. */
        @WithDefault("5m")
        Duration gapWait();

        /** How often the waits are looked at. */
        @WithDefault("30s")
        Duration gapCheck();
    }

    interface Catalogue {
        /** How long a procedure's terms are kept in memory (forgotten at once when this instance consumes a change). */
        @WithDefault("PT30S")
        Duration cacheFor();
    }
}
