package vn.bcci.contracts;

import java.time.ZoneId;

/** Vietnam time, in which the portal, the working calendar, dossier codes and the report forms count days. */
public final class VietnamTime {
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private VietnamTime() {
    }
}
