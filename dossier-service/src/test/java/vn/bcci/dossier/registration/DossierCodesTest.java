package vn.bcci.dossier.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DossierCodesTest {

    @Test
    void usesTheVietnamCalendarDayNotTheUtcOne() {
        // 17:30 UTC on the 21st is 00:30 on the 22nd in Hà Nội
        assertEquals("000.00.01.H22-261122-0001",
                DossierCodes.format("000.00.01.H22", Instant.parse("2026-11-21T17:30:00Z"), 1));
        assertEquals("000.00.01.H22-261121-0001",
                DossierCodes.format("000.00.01.H22", Instant.parse("2026-11-21T16:59:59Z"), 1));
    }

    @Test
    void padsToFourDigitsAndGrowsBeyond() {
        assertEquals("000.00.00.G12-270101-0042", DossierCodes.format("000.00.00.G12",
                Instant.parse("2027-01-01T03:00:00Z"), 42));
        assertEquals("000.00.00.G12-270101-123456", DossierCodes.format("000.00.00.G12",
                Instant.parse("2027-01-01T03:00:00Z"), 123456));
    }

    @Test
    void generatedCodesPassTheRegistrationShapeRule() {
        String code = DossierCodes.format("000.00.01.H22", Instant.now(), 7);
        assertTrue(code.matches("^[0-9A-Z.]+-[0-9]{6}-[0-9]{4,6}$"), code);
    }
}
