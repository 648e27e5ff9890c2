package vn.bcci.tokens;

import java.util.List;
import java.util.Optional;

/**
 * A client the development issuer knows (docs/architecture.md): its secret, its roles, and for an agency its agency code.
 */
public record DemoClient(String id, String secret, List<String> roles, String agency) {

    /** The demo clients of docs/architecture.md. */
    public static final List<DemoClient> ALL = List.of(
            new DemoClient("agency-h22", "agency-h22-secret", List.of("agency"), "000.00.01.H22"),
            new DemoClient("agency-g12", "agency-g12-secret", List.of("agency"), "000.00.00.G12"),
            new DemoClient("vnpost", "vnpost-secret", List.of("postal"), null),
            new DemoClient("operator", "operator-secret", List.of("operator"), null),
            new DemoClient("admin", "admin-secret", List.of("admin", "operator"), null));

    public static Optional<DemoClient> find(String id) {
        return ALL.stream().filter(c -> c.id.equals(id)).findFirst();
    }
}
