package vn.bcci.contracts;

/** Intake channel, with the portal's {@code KenhThucHien} code (docs/domain.md §3). */
public enum Channel {
    IN_PERSON("1", "trực tiếp"),
    ONLINE("2", "trực tuyến"),
    POSTAL("3", "bưu chính công ích");

    private final String portalCode;
    private final String vietnameseName;

    Channel(String portalCode, String vietnameseName) {
        this.portalCode = portalCode;
        this.vietnameseName = vietnameseName;
    }

    /** The channel as Vietnamese texts name it: "qua kênh trực tiếp". */
    public String vietnameseName() {
        return vietnameseName;
    }

    /** {@code KenhThucHien}: 1 in person, 2 online, 3 via BCCI. */
    public String portalCode() {
        return portalCode;
    }
}
