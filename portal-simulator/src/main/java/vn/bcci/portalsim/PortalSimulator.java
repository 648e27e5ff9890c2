package vn.bcci.portalsim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A standalone implementation of docs/portal-api.md: login with expiring sessions, {@code DongBoHoSoMC},
 * {@code CapNhatTienDoHoSoMC}, {@code TraCuuHoSo}, {@code LayDanhSachTTHC}, plus the simulator extras ({@code _sim}
 * inspection and misbehaviour controls). State is in memory.
 */
public final class PortalSimulator implements AutoCloseable {
    public static final String USERNAME = "portal-sync";
    public static final String PASSWORD = "portal-sync-secret";
    private static final Logger LOG = Logger.getLogger(PortalSimulator.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final List<String> DOSSIER_REQUIRED = List.of("MaHoSo", "MaTTHC", "TenTTHC", "KenhThucHien",
            "ChuHoSo", "LoaiDoiTuong", "TrichYeuHoSo", "TrangThaiHoSo", "HinhThuc", "DonViXuLy");
    private static final List<String> DOSSIER_DATES = List.of("NgayTiepNhan", "NgayHenTra", "NgayTra",
            "NgayKetThucXuLy");
    private static final List<String> ENTRY_REQUIRED = List.of("MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy",
            "TrangThai");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Long> sessions = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> dossiers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private volatile Misbehaviour misbehaviour = Misbehaviour.NONE;
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> lostAnswers = new ConcurrentHashMap<>();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    /** When the portal first held each status of each dossier ({@code code:status} → epoch ms), for delay figures. */
    private final Map<String, Long> firstHeld = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> statusHistory = new ConcurrentHashMap<>();
    /** Each progress entry as it arrived: MaHoSo, NoiDungXuLy, epoch ms (for delay figures). */
    private final java.util.Queue<String[]> entryArrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private long windowSecond;
    private int callsInWindow;
    /** Calls received (login and services, whatever the answer) per calendar second, across all callers. */
    private final Map<Long, java.util.concurrent.atomic.AtomicInteger> callsBySecond = new ConcurrentHashMap<>();

    private PortalSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the simulator on 127.0.0.1 (port 0 for a free one). */
    public static PortalSimulator start(int port) throws IOException {
        return start("127.0.0.1", port);
    }

    /** Starts the simulator on the given address ({@code 0.0.0.0} in a container). */
    public static PortalSimulator start(String host, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "portal-sim");
            t.setDaemon(true);
            return t;
        });
        PortalSimulator sim = new PortalSimulator(server, executor);
        server.createContext("/", sim::handle);
        server.setExecutor(executor);
        server.start();
        return sim;
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8089"));
        PortalSimulator sim = start(System.getenv().getOrDefault("BIND_HOST", "127.0.0.1"), port);
        LOG.info("portal simulator on " + sim.baseUrl());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void misbehave(Misbehaviour how) {
        this.misbehaviour = how;
    }

    /**
     * The next {@code times} calls of {@code service} take effect but their answer is lost (a 502 from the gateway):
     * the case a correct client must not turn into duplicates.
     */
    public void loseAnswers(String service, int times) {
        lostAnswers.put(service, new java.util.concurrent.atomic.AtomicInteger(times));
    }

    /** Ends every current session, as the portal may do before {@code expires_in}. */
    public void expireSessions() {
        sessions.clear();
    }

    /**
     * From now on the portal refuses this dossier with {@code 2} and the message (as it does for data its own rules
     * reject); {@code null} message lifts the refusal.
     */
    public void refuse(String code, String message) {
        if (message == null) {
            refusals.remove(code);
        } else {
            refusals.put(code, message);
        }
    }

    /** Drift, as a portal restored from an old backup or edited by hand would show: it forgets the dossier. */
    public void forget(String code) {
        dossiers.remove(code);
    }

    /** Drift: the portal shows another status than the one it was last sent. */
    public void overwriteStatus(String code, int status) {
        synchronized (dossiers) {
            ObjectNode d = dossiers.get(code);
            if (d != null) {
                d.put("TrangThaiHoSo", Integer.toString(status));
            }
        }
    }

    /** Drift: the portal lost its last {@code count} progress entries of the dossier. */
    public void dropLastEntries(String code, int count) {
        synchronized (dossiers) {
            ObjectNode d = dossiers.get(code);
            if (d != null) {
                ArrayNode entries = (ArrayNode) d.get("TienDo");
                for (int i = 0; i < count && !entries.isEmpty(); i++) {
                    entries.remove(entries.size() - 1);
                }
            }
        }
    }

    /**
     * Every status the portal held for the dossier, in the order it held them (a repeat of the same status counted
     * once): how a test sees a status go backwards.
     */
    public List<Integer> statusHistory(String code) {
        List<Integer> seen = statusHistory.get(code);
        return seen == null ? List.of() : List.copyOf(seen);
    }

    /**
     * Whether the dossier's status went back on the portal: a status held after one that comes later in
     * {@code path}, the statuses the dossier went through in order (as its owner holds them). The portal may skip
     * statuses (updates sent while the portal was away coalesce into the latest), but what it held must follow the
     * path: {@code [1, 5, 4, 10]} follows {@code [1, 2, 5, 4, 9, 10]}, {@code [1, 4, 5]} does not. A lower code after
     * a higher one is not the test: a supplement request (5) legitimately goes on to processing (4).
     */
    public boolean statusWentBack(String code, List<Integer> path) {
        int at = 0;
        for (int status : statusHistory(code)) {
            while (at < path.size() && path.get(at) != status) {
                at++;
            }
            if (at == path.size()) {
                return true;
            }
        }
        return false;
    }

    /** When the portal first held {@code status} for the dossier (epoch ms), or {@code null}. */
    public Long firstHeld(String code, int status) {
        return firstHeld.get(code + ":" + status);
    }

    /** What the portal holds for a dossier, with its progress entries, or {@code null}. */
    public ObjectNode dossier(String code) {
        ObjectNode d = dossiers.get(code);
        return d == null ? null : d.deepCopy();
    }

    /** The codes of every dossier the portal holds that start with {@code prefix} (an agency's code). */
    public java.util.SortedSet<String> codes(String prefix) {
        return dossiers.keySet().stream().filter(c -> c.startsWith(prefix))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Answers given so far, by {@code service:error_code} or {@code http:status}. */
    public Map<String, Long> answerCounts() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        answers.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /**
     * The most calls received in one calendar second since the start or the last {@link #reset()}, across all
     * callers: what a portal enforcing an agreed rate would count.
     */
    public int maxCallsInAnySecond() {
        return callsBySecond.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get).max()
                .orElse(0);
    }

    /** Forgets the calls counted per second (and nothing else). */
    public void resetCallCounts() {
        callsBySecond.clear();
    }

    public void reset() {
        callsBySecond.clear();
        dossiers.clear();
        sessions.clear();
        answers.clear();
        lostAnswers.clear();
        refusals.clear();
        firstHeld.clear();
        statusHistory.clear();
        entryArrivals.clear();
        misbehaviour = Misbehaviour.NONE;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/_sim/")) {
                handleSim(ex, path);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, error("2", "all calls are POST"));
                return;
            }
            callsBySecond.computeIfAbsent(System.currentTimeMillis() / 1000,
                    k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            Misbehaviour how = misbehaviour;
            if (how.latencyMs() > 0) {
                Thread.sleep(how.latencyMs());
            }
            if (how.outage()) {
                count("http:503");
                send(ex, 503, error("9", "portal unavailable"));
                return;
            }
            if (overRate(how)) {
                count("http:429");
                ex.getResponseHeaders().set("Retry-After", "1");
                send(ex, 429, error("9", "too many requests"));
                return;
            }
            if (ex.getRequestHeaders().getFirst("dstcode") == null) {
                send(ex, 400, error("2", "header dstcode is required"));
                return;
            }
            JsonNode body = readBody(ex);
            if (body == null) {
                send(ex, 400, error("2", "body must be a JSON object"));
                return;
            }
            switch (path) {
                case "/login" -> send(ex, 200, login(body, how));
                case "/service" -> service(ex, body, how);
                default -> send(ex, 404, error("2", "unknown path " + path));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warning("simulator failed on " + ex.getRequestURI() + ": " + e);
            send(ex, 500, error("9", "internal error"));
        }
    }

    private synchronized boolean overRate(Misbehaviour how) {
        if (how.rateLimitPerSecond() <= 0) {
            return false;
        }
        long second = System.currentTimeMillis() / 1000;
        if (second != windowSecond) {
            windowSecond = second;
            callsInWindow = 0;
        }
        return ++callsInWindow > how.rateLimitPerSecond();
    }

    private ObjectNode login(JsonNode body, Misbehaviour how) {
        if (!USERNAME.equals(body.path("username").asText()) || !PASSWORD.equals(body.path("password").asText())) {
            count("login:1");
            return error("1", "wrong username or password");
        }
        String session = UUID.randomUUID().toString();
        sessions.put(session, System.currentTimeMillis() + how.sessionTtlSeconds() * 1000L);
        count("login:0");
        ObjectNode answer = JSON.createObjectNode();
        answer.put("error_code", "0");
        answer.put("session", session);
        answer.put("expires_in", how.sessionTtlSeconds());
        return answer;
    }

    private void service(HttpExchange ex, JsonNode body, Misbehaviour how) throws IOException {
        String service = body.path("service").asText("");
        Long expiry = sessions.get(body.path("session").asText(""));
        if (expiry == null || expiry < System.currentTimeMillis()) {
            count(service + ":-1");
            send(ex, 200, error("-1", "session missing or expired"));
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        boolean fail = random.nextDouble() < how.failureRate();
        if (fail && random.nextBoolean()) {
            count("http:500");
            send(ex, 500, error("9", "internal error"));
            return;
        }
        if (random.nextDouble() < how.busyRate()) {
            count(service + ":9");
            send(ex, 200, error("9", "portal busy"));
            return;
        }
        ObjectNode answer = switch (service) {
            case "DongBoHoSoMC" -> syncDossiers(body);
            case "CapNhatTienDoHoSoMC" -> addProgress(body);
            case "TraCuuHoSo" -> lookUp(body);
            case "LayDanhSachTTHC" -> catalogue(body);
            default -> error("2", "unknown service " + service);
        };
        count(service + ":" + answer.path("error_code").asText());
        java.util.concurrent.atomic.AtomicInteger lose = lostAnswers.get(service);
        if (lose != null && lose.getAndDecrement() > 0) {
            fail = true;
        }
        if (fail) {
            // the call took effect, but the caller only sees a 502 from the gateway
            count("http:502");
            send(ex, 502, error("9", "bad gateway"));
            return;
        }
        send(ex, 200, answer);
    }

    private ObjectNode syncDossiers(JsonNode body) {
        JsonNode data = body.path("data");
        if (!data.isArray() || data.isEmpty() || data.size() > 100) {
            return error("2", "data must hold 1 to 100 dossiers");
        }
        boolean updating = "True".equalsIgnoreCase(body.path("isUpdating").asText());
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode d : data) {
            ObjectNode result = results.addObject();
            String code = d.path("MaHoSo").asText("");
            result.put("MaHoSo", code);
            String invalid = refusals.containsKey(code) ? refusals.get(code) : validateDossier(d);
            if (invalid != null) {
                result.put("error_code", "2");
                result.put("message", invalid);
                continue;
            }
            synchronized (dossiers) {
                ObjectNode existing = dossiers.get(code);
                if (!updating && existing != null) {
                    result.put("error_code", "3");
                    result.put("message", "dossier " + code + " already exists");
                    continue;
                }
                if (updating && existing == null) {
                    result.put("error_code", "4");
                    result.put("message", "dossier " + code + " does not exist");
                    continue;
                }
                ObjectNode stored = ((ObjectNode) d).deepCopy();
                stored.remove("TienDo");
                stored.set("TienDo", existing == null ? JSON.createArrayNode() : existing.get("TienDo"));
                dossiers.put(code, stored);
                firstHeld.putIfAbsent(code + ":" + stored.path("TrangThaiHoSo").asText(), System.currentTimeMillis());
                int status = parseStatus(stored.path("TrangThaiHoSo").asText(""));
                statusHistory.compute(code, (k, seen) -> {
                    List<Integer> list = seen == null ? new java.util.concurrent.CopyOnWriteArrayList<>() : seen;
                    if (list.isEmpty() || list.get(list.size() - 1) != status) {
                        list.add(status);
                    }
                    return list;
                });
            }
            result.put("error_code", "0");
            result.put("message", updating ? "updated" : "created");
        }
        ObjectNode answer = ok();
        answer.set("result", results);
        return answer;
    }

    static String validateDossier(JsonNode d) {
        List<String> problems = new ArrayList<>();
        for (String field : DOSSIER_REQUIRED) {
            if (d.path(field).asText("").isBlank()) {
                problems.add(field + " is required");
            }
        }
        String kenh = d.path("KenhThucHien").asText("");
        if (!kenh.isEmpty() && !List.of("1", "2", "3").contains(kenh)) {
            problems.add("KenhThucHien must be 1, 2 or 3");
        }
        String loai = d.path("LoaiDoiTuong").asText("");
        if (!loai.isEmpty() && !List.of("1", "2").contains(loai)) {
            problems.add("LoaiDoiTuong must be 1 or 2");
        }
        String hinhThuc = d.path("HinhThuc").asText("");
        if (!hinhThuc.isEmpty() && !List.of("0", "1").contains(hinhThuc)) {
            problems.add("HinhThuc must be 0 or 1");
        }
        if (d.path("TrichYeuHoSo").asText("").length() > 1000) {
            problems.add("TrichYeuHoSo is longer than 1000 characters");
        }
        int status = parseStatus(d.path("TrangThaiHoSo").asText(""));
        if (!d.path("TrangThaiHoSo").asText("").isEmpty() && status == 0) {
            problems.add("TrangThaiHoSo must be 1 to 10");
        }
        for (String field : DOSSIER_DATES) {
            String value = d.path(field).asText("");
            if (!value.isEmpty() && !isPortalTime(value)) {
                problems.add(field + " must be yyyyMMddHHmmss");
            }
        }
        if (status >= 2 && d.path("NgayTiepNhan").asText("").isEmpty()) {
            problems.add("NgayTiepNhan is required once TrangThaiHoSo >= 2");
        }
        if (status >= 2 && d.path("NgayHenTra").asText("").isEmpty() && status != 3 && status != 7) {
            problems.add("NgayHenTra is required once TrangThaiHoSo >= 2");
        }
        if (status >= 9 && d.path("NgayKetThucXuLy").asText("").isEmpty()) {
            problems.add("NgayKetThucXuLy is required when TrangThaiHoSo >= 9");
        }
        if (status == 10 && d.path("NgayTra").asText("").isEmpty()) {
            problems.add("NgayTra is required when TrangThaiHoSo is 10");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private ObjectNode addProgress(JsonNode body) {
        JsonNode data = body.path("data");
        if (!data.isArray() || data.isEmpty() || data.size() > 100) {
            return error("2", "data must hold 1 to 100 entries");
        }
        ArrayNode results = JSON.createArrayNode();
        for (JsonNode entry : data) {
            ObjectNode result = results.addObject();
            String code = entry.path("MaHoSo").asText("");
            result.put("MaHoSo", code);
            List<String> problems = new ArrayList<>();
            for (String field : ENTRY_REQUIRED) {
                if (entry.path(field).asText("").isBlank()) {
                    problems.add(field + " is required");
                }
            }
            if (entry.path("NguoiXuLy").asText("").length() > 50) {
                problems.add("NguoiXuLy is longer than 50 characters");
            }
            String time = entry.path("ThoiDiemXuLy").asText("");
            if (!time.isEmpty() && !isPortalTime(time)) {
                problems.add("ThoiDiemXuLy must be yyyyMMddHHmmss");
            }
            if (!problems.isEmpty()) {
                result.put("error_code", "2");
                result.put("message", String.join("; ", problems));
                continue;
            }
            synchronized (dossiers) {
                ObjectNode dossier = dossiers.get(code);
                if (dossier == null) {
                    result.put("error_code", "4");
                    result.put("message", "dossier " + code + " does not exist");
                    continue;
                }
                ((ArrayNode) dossier.get("TienDo")).add(entry.deepCopy());
                entryArrivals.add(new String[]{code, entry.path("NoiDungXuLy").asText(),
                        Long.toString(System.currentTimeMillis())});
            }
            result.put("error_code", "0");
            result.put("message", "added");
        }
        ObjectNode answer = ok();
        answer.set("result", results);
        return answer;
    }

    private ObjectNode lookUp(JsonNode body) {
        ObjectNode answer = ok();
        ArrayNode result = answer.putArray("result");
        ObjectNode d = dossier(body.path("mahoso").asText(""));
        if (d != null) {
            result.add(d);
        }
        return answer;
    }

    private ObjectNode catalogue(JsonNode body) {
        int page = body.path("page").asInt(1);
        int size = body.path("size").asInt(100);
        if (page < 1 || size < 1 || size > 500) {
            return error("2", "page must be >= 1 and size 1 to 500");
        }
        ObjectNode answer = ok();
        ArrayNode result = answer.putArray("result");
        Catalogue.PROCEDURES.stream().skip((long) (page - 1) * size).limit(size)
                .forEach(p -> result.add(JSON.valueToTree(p)));
        answer.put("total", Catalogue.PROCEDURES.size());
        return answer;
    }

    private void handleSim(HttpExchange ex, String path) throws IOException {
        String method = ex.getRequestMethod();
        if ("GET".equals(method) && path.startsWith("/_sim/dossiers/")) {
            ObjectNode d = dossier(path.substring("/_sim/dossiers/".length()));
            if (d == null) {
                send(ex, 404, error("4", "the portal holds nothing for this dossier"));
            } else {
                send(ex, 200, d);
            }
        } else if ("GET".equals(method) && path.equals("/_sim/procedures")) {
            send(ex, 200, JSON.valueToTree(Catalogue.PROCEDURES));
        } else if ("GET".equals(method) && path.equals("/_sim/stats")) {
            ObjectNode stats = JSON.createObjectNode();
            stats.set("answers", JSON.valueToTree(answerCounts()));
            stats.put("dossiers", dossiers.size());
            stats.put("maxCallsInAnySecond", maxCallsInAnySecond());
            stats.set("misbehaviour", JSON.valueToTree(misbehaviour));
            send(ex, 200, stats);
        } else if ("POST".equals(method) && path.equals("/_sim/control")) {
            JsonNode b = readBody(ex);
            Misbehaviour m = misbehaviour;
            misbehave(new Misbehaviour(
                    b.path("failureRate").asDouble(m.failureRate()),
                    b.path("busyRate").asDouble(m.busyRate()),
                    b.path("latencyMs").asLong(m.latencyMs()),
                    b.path("outage").asBoolean(m.outage()),
                    b.path("rateLimitPerSecond").asInt(m.rateLimitPerSecond()),
                    b.path("sessionTtlSeconds").asInt(m.sessionTtlSeconds())));
            send(ex, 200, JSON.valueToTree(misbehaviour));
        } else if ("POST".equals(method) && path.equals("/_sim/lose-answers")) {
            JsonNode b = readBody(ex);
            loseAnswers(b.path("service").asText(), b.path("times").asInt(1));
            send(ex, 200, ok());
        } else if ("GET".equals(method) && path.equals("/_sim/first-held")) {
            send(ex, 200, JSON.valueToTree(new java.util.TreeMap<>(firstHeld)));
        } else if ("GET".equals(method) && path.equals("/_sim/entry-arrivals")) {
            ArrayNode list = JSON.createArrayNode();
            entryArrivals.forEach(a -> list.addObject().put("code", a[0]).put("content", a[1])
                    .put("at", Long.parseLong(a[2])));
            send(ex, 200, list);
        } else if ("POST".equals(method) && path.equals("/_sim/refuse")) {
            JsonNode b = readBody(ex);
            refuse(b.path("code").asText(), b.hasNonNull("message") ? b.get("message").asText() : null);
            send(ex, 200, ok());
        } else if ("POST".equals(method) && path.equals("/_sim/drift")) {
            JsonNode b = readBody(ex);
            String code = b.path("code").asText();
            switch (b.path("kind").asText()) {
                case "forget" -> forget(code);
                case "status" -> overwriteStatus(code, b.path("status").asInt());
                case "drop-entries" -> dropLastEntries(code, b.path("count").asInt(1));
                default -> {
                    send(ex, 400, error("2", "kind must be forget, status or drop-entries"));
                    return;
                }
            }
            send(ex, 200, ok());
        } else if ("POST".equals(method) && path.equals("/_sim/expire-sessions")) {
            expireSessions();
            send(ex, 200, ok());
        } else if ("POST".equals(method) && path.equals("/_sim/reset")) {
            reset();
            send(ex, 200, ok());
        } else {
            send(ex, 404, error("2", "unknown simulator path " + method + " " + path));
        }
    }

    static boolean isPortalTime(String value) {
        try {
            LocalDateTime.parse(value, PORTAL_TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static int parseStatus(String value) {
        try {
            int s = Integer.parseInt(value);
            return s >= 1 && s <= 10 ? s : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private void count(String key) {
        answers.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static JsonNode readBody(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readAllBytes();
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode ok() {
        ObjectNode n = JSON.createObjectNode();
        n.put("error_code", "0");
        n.put("message", "success");
        return n;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error_code", code);
        n.put("message", message);
        return n;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
