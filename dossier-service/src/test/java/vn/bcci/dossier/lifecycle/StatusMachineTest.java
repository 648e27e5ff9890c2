package vn.bcci.dossier.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import vn.bcci.contracts.DossierStatus;

/** Every pair of statuses: the 19 moves of docs/domain.md §3 are allowed, the other 81 are not. */
class StatusMachineTest {
    private static final Set<String> ALLOWED = Set.of(
            "1>2", "1>3", "1>7",
            "2>4", "2>5", "2>6", "2>7", "2>8",
            "4>5", "4>6", "4>8", "4>9", "4>7",
            "5>4", "5>7", "5>3",
            "6>4", "6>7",
            "9>10");

    static Stream<Arguments> everyPair() {
        return EnumSet.allOf(DossierStatus.class).stream().flatMap(from -> EnumSet.allOf(DossierStatus.class)
                .stream().map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void allowsExactlyTheMovesOfTheDomain(DossierStatus from, DossierStatus to) {
        boolean expected = ALLOWED.contains(from.portalCode() + ">" + to.portalCode());
        assertEquals(expected, StatusMachine.allows(from, to));
        assertEquals(expected, StatusMachine.allowedFrom(from).contains(to));
    }

    @ParameterizedTest
    @MethodSource("terminals")
    void terminalStatusesAllowNothing(DossierStatus terminal) {
        assertTrue(terminal.isTerminal());
        assertTrue(StatusMachine.allowedFrom(terminal).isEmpty());
    }

    static Stream<DossierStatus> terminals() {
        return Stream.of(DossierStatus.REJECTED, DossierStatus.WITHDRAWN, DossierStatus.STOPPED,
                DossierStatus.RESULT_RETURNED);
    }
}
