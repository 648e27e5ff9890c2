package vn.bcci.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void masksPhonesAsDomainMdShows() {
        assertEquals("09x****789", Masking.phone("0912345789"));
    }

    @Test
    void keepsOnlyTheLastFourDigitsOfACitizenId() {
        assertEquals("********7890", Masking.idNumber("001234567890"));
    }

    @Test
    void keepsInitialsAndTheGivenName() {
        assertEquals("N. V. An", Masking.name("Nguyễn Văn An"));
    }

    @Test
    void masksIdAndPhoneNumbersQuotedInFreeText() {
        assertEquals("Số CCCD ********7890 không hợp lệ, gọi *******789",
                Masking.text("Số CCCD 001234567890 không hợp lệ, gọi 0912345789"));
        assertEquals("mã 12345678 giữ nguyên", Masking.text("mã 12345678 giữ nguyên"));
        assertEquals(null, Masking.text(null));
    }
}
