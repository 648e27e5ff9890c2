package vn.bcci.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackingNumberTest {

    @Test
    void acceptsTheDomainExample() {
        assertNull(TrackingNumber.problem("EB123456785VN"));
    }

    @Test
    void rejectsAWrongCheckDigitAndSaysWhichIsExpected() {
        assertEquals("has a wrong check digit: expected 5", TrackingNumber.problem("EB123456784VN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "eb123456785VN", "EB12345678VN", "EB123456785US", "E1123456785VN", "EB1234567850VN"})
    void rejectsWrongShapes(String value) {
        assertFalse(TrackingNumber.isValid(value));
    }

    @Test
    void mapsRemainderTenToZeroAndElevenToFive() {
        // sum mod 11 == 1 -> c = 10 -> 0; sum mod 11 == 0 -> c = 11 -> 5
        assertEquals(0, TrackingNumber.checkDigit("00000008")); // 8*7 = 56, 56 mod 11 = 1, c = 10 -> 0
        assertEquals(5, TrackingNumber.checkDigit("00000015")); // 1*9 + 5*7 = 44, 44 mod 11 = 0, c = 11 -> 5
    }

    @Test
    void generatedNumbersAreValid() {
        for (long serial = 0; serial < 2000; serial += 7) {
            assertTrue(TrackingNumber.isValid(TrackingNumber.of("EB", serial)), "serial " + serial);
        }
    }
}
