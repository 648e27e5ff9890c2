package vn.bcci.infra.sim;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.VnpostTrackingEvent;

/**
 * A VNPost simulator's feed: postal items with realistic lives (accepted at a post office, forwarded between sorting
 * centres, out for delivery, a failed attempt now and then, delivered or returned), reported the way VNPost reports
 * them: its numeric order statuses or UPU EMSEVT codes, an event id most of the time (content only otherwise), Vietnamese
 * post offices and receivers, and the odd fee event, unknown code or stale event after delivery. Seeded, so a run can be
 * repeated. The real feed's faults (duplicates, late arrivals) are added by {@link #feed}.
 */
public final class VnpostEventGenerator {
    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    private static final String[][] OFFICES = {
            {"100000", "Bưu cục Trung tâm Hà Nội"}, {"101000", "Bưu cục Hoàn Kiếm"}, {"115000", "Bưu cục Cầu Giấy"},
            {"700000", "Bưu cục Trung tâm TP. Hồ Chí Minh"}, {"710000", "Bưu cục Quận 3"},
            {"550000", "Bưu cục Trung tâm Đà Nẵng"}, {"220000", "Bưu cục Bắc Ninh"}, {"180000", "Bưu cục Hải Phòng"},
            {"460000", "Bưu cục Nghệ An"}, {"900000", "Bưu cục Cần Thơ"}, {"10000", "Trung tâm khai thác Hà Nội"},
            {"70000", "Trung tâm khai thác TP. Hồ Chí Minh"}};
    private static final String[] RECEIVERS = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung",
            "Hoàng Minh Đức", "Vũ Thị Hà", "Đặng Quốc Huy", "Bùi Thị Lan", "Đỗ Văn Nam", "Ngô Thị Phương",
            "Văn phòng UBND tỉnh Bắc Ninh", "Sở Tư pháp TP. Hà Nội"};

    private final Random random;
    private final String prefix;
    private long serial;

    /** One item and its events in the order they happened. */
    public record Item(String itemCode, String orderNumber, List<VnpostTrackingEvent> events) {
    }

    /**
     * @param prefix the two service letters of the S10 numbers (EB, EE, RR, …)
     * @param firstSerial the first eight-digit serial; items take the following ones
     */
    public VnpostEventGenerator(long seed, String prefix, long firstSerial) {
        this.random = new Random(seed);
        this.prefix = prefix;
        this.serial = firstSerial;
    }

    /** A fresh S10 number. */
    public String nextItemCode() {
        return TrackingNumber.of(prefix, serial++);
    }

    /** An item whose whole life lies between {@code from} and {@code to}. */
    public Item item(OffsetDateTime from, OffsetDateTime to, String orderNumber) {
        return item(nextItemCode(), from, to, orderNumber);
    }

    public Item item(String itemCode, OffsetDateTime from, OffsetDateTime to, String orderNumber) {
        boolean upu = random.nextBoolean();
        List<String> codes = new ArrayList<>();
        int fate = random.nextInt(100);
        if (fate < 4) {
            codes.add("4");
            codes.add("5");
            codes.add(random.nextBoolean() ? "9" : "22");
        } else {
            codes.add(upu ? "EMA" : pick("6", "7"));
            int hops = 1 + random.nextInt(3);
            for (int i = 0; i < hops; i++) {
                codes.add(upu ? pick("EMB", "EMC", "EMD", "EMF", "EMJ") : pick("10", "13"));
            }
            if (fate < 14) {
                // still on its way when the feed is read
            } else {
                codes.add(upu ? "EMG" : "11");
                codes.add(upu ? "EDG" : "12");
                if (fate < 22) {
                    codes.add(upu ? "EMH" : "15");
                    codes.add(upu ? "EMH" : "15");
                    codes.add("18");
                    codes.add("19");
                } else {
                    if (fate < 40) {
                        codes.add(upu ? "EMH" : "15");
                        codes.add(upu ? "EDG" : "12");
                    }
                    codes.add(upu ? "EMI" : "14");
                    if (fate >= 94) {
                        codes.add("21");
                    } else if (fate >= 91) {
                        codes.add(upu ? "EMJ" : "10"); // a carrier's stray scan after delivery: never regresses
                    }
                }
            }
        }
        if (random.nextInt(50) == 0) {
            codes.add(1 + random.nextInt(codes.size() - 1), "EMX"); // a code nobody told us about
        }
        List<Long> offsets = new ArrayList<>();
        long span = Math.max(codes.size(), Duration.between(from, to).toSeconds());
        while (offsets.size() < codes.size()) {
            long s = (long) (random.nextDouble() * span);
            if (!offsets.contains(s)) {
                offsets.add(s);
            }
        }
        Collections.sort(offsets);
        String[] office = OFFICES[random.nextInt(OFFICES.length)];
        String receiver = RECEIVERS[random.nextInt(RECEIVERS.length)];
        List<VnpostTrackingEvent> events = new ArrayList<>(codes.size());
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (i > 0 && !code.equals("21")) {
                office = OFFICES[random.nextInt(OFFICES.length)];
            }
            boolean delivered = code.equals("EMI") || code.equals("14");
            events.add(new VnpostTrackingEvent(random.nextInt(5) == 0 ? null : UUID.randomUUID().toString(), itemCode,
                    orderNumber == null ? "" : orderNumber, code,
                    from.plusSeconds(offsets.get(i)).withOffsetSameInstant(VIETNAM).withNano(0).toString(),
                    new VnpostTrackingEvent.PostOffice(office[0], office[1]), note(code),
                    delivered ? receiver : null));
        }
        return new Item(itemCode, orderNumber, events);
    }

    /**
     * The events as a carrier's at-least-once feed delivers them: in the order they happened, except that
     * {@code reorderShare} of them arrive late (up to {@code window} places after their turn) and
     * {@code duplicateShare} of them arrive a second time a little later.
     */
    public List<VnpostTrackingEvent> feed(List<VnpostTrackingEvent> events, double duplicateShare,
            double reorderShare, int window) {
        List<VnpostTrackingEvent> feed = new ArrayList<>(events);
        feed.sort(Comparator.comparing(e -> OffsetDateTime.parse(e.occurredAt()).toInstant()));
        int n = feed.size();
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < reorderShare) {
                VnpostTrackingEvent late = feed.remove(i);
                feed.add(Math.min(feed.size(), i + 1 + random.nextInt(window)), late);
            }
        }
        for (VnpostTrackingEvent e : events) {
            if (random.nextDouble() < duplicateShare) {
                int at = feed.indexOf(e);
                feed.add(Math.min(feed.size(), at + 1 + random.nextInt(window)), e);
            }
        }
        return feed;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String note(String code) {
        return switch (code) {
            case "EMH", "15" -> "Người nhận vắng nhà, hẹn phát lại";
            case "18" -> "Chuyển hoàn theo yêu cầu";
            case "21" -> "Đã trả tiền thu hộ";
            default -> null;
        };
    }
}
