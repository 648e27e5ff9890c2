package vn.bcci.portalsync.delivery;

import com.fasterxml.jackson.databind.JsonNode;

/** How a progress entry is recognised among those the portal holds (it gives entries no id of their own). */
public final class PortalEntries {
    private PortalEntries() {
    }

    /** Whether {@code held} (a TraCuuHoSo {@code TienDo} array) holds the entry of this time, content and handler. */
    public static boolean holds(JsonNode held, String thoiDiemXuLy, String noiDungXuLy, String nguoiXuLy) {
        if (held == null || !held.isArray()) {
            return false;
        }
        for (JsonNode h : held) {
            if (h.path("ThoiDiemXuLy").asText().equals(thoiDiemXuLy)
                    && h.path("NoiDungXuLy").asText().equals(noiDungXuLy)
                    && h.path("NguoiXuLy").asText().equals(nguoiXuLy)) {
                return true;
            }
        }
        return false;
    }
}
