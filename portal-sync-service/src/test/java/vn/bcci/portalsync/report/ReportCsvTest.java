package vn.bcci.portalsync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The report's CSV is RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
class ReportCsvTest {
    private static BcciReport.Figures figures(String agency) {
        return new BcciReport.Figures(agency, new BcciReport.Received(3, 1, 1, 1),
                new BcciReport.Resolved(2, 0, 1, 1, 0.5), new BcciReport.InProgress(1, 0),
                new BcciReport.ResultsByPost(1, 1, 1, 0), new BcciReport.Sync(3, 3, 1.0, 1.25, null));
    }

    @Test
    void fieldsAreQuotedWhenTheyNeedIt() {
        String csv = ReportResource.csv(new BcciReport.Report(Instant.EPOCH, Instant.EPOCH,
                List.of(figures("Sở Tư pháp, \"Hà Nội\"")), figures(null)));
        String[] lines = csv.split("\r\n");
        assertEquals("\ufeffCơ quan,Tiếp nhận,Tiếp nhận trực tuyến,", lines[0].substring(0, 40));
        assertEquals(String.join(",", ReportResource.CSV_HEADER), lines[0].substring(1));
        assertEquals("\"Sở Tư pháp, \"\"Hà Nội\"\"\",3,1,1,1,2,0,1,1,0.500,1,0,1,1,1,0,3,3,1.000,1.250,", lines[1]);
        assertEquals("TỔNG CỘNG,3,1,1,1,2,0,1,1,0.500,1,0,1,1,1,0,3,3,1.000,1.250,", lines[2]);
        assertEquals(3, lines.length);
    }
}
