package vn.bcci.tokens;

import java.util.List;
import java.util.Optional;

/**
 * A person who signs in to the operator console locally (authorization code + PKCE): the demo operator, and an agency's
 * coordinator who sees only that agency. In production the organisation's OpenID Connect provider knows the people.
 */
public record DemoPerson(String username, String password, String name, List<String> roles, String agency) {

    public static final List<DemoPerson> ALL = List.of(
            new DemoPerson("dieuhanh", "dieuhanh", "Nguyễn Thu Hà (điều hành)", List.of("operator"), null),
            new DemoPerson("quantri", "quantri", "Trần Minh Quân (quản trị)", List.of("admin", "operator"), null),
            new DemoPerson("dieuphoi-h22", "dieuphoi-h22", "Phạm Văn Bình (điều phối 000.00.01.H22)",
                    List.of("agency"), "000.00.01.H22"));

    public static Optional<DemoPerson> signIn(String username, String password) {
        return ALL.stream().filter(p -> p.username.equals(username) && p.password.equals(password)).findFirst();
    }
}
