package vn.bcci.support.text;

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

    @Test
    void masksPhonesWrittenWithSeparatorsAndEmailsButKeepsCodes() {
        assertEquals("gọi *******789 hoặc ********789, a***@example.vn",
                Masking.text("gọi 0912 345 789 hoặc +84.912.345.789, an.nguyen@example.vn"));
        assertEquals("hồ sơ 000.00.01.H22-261122-0042, bưu gửi EB123456785VN",
                Masking.text("hồ sơ 000.00.01.H22-261122-0042, bưu gửi EB123456785VN"));
    }
}
