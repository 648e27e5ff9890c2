package vn.bcci.portalsync.index;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The index as the reform units work with it: a spreadsheet (XLSX: the ranking with the period, the level and the
 * previous period in its title, and a sheet of definitions with the weights in force) or CSV, both with Vietnamese
 * headers and the same columns ({@link #COLUMNS}), one row a unit.
 */
final class IndexExport {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static final String CSV = "text/csv";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** A column: its Vietnamese header and its value of a unit (a number, a text or nothing). */
    record Column(String header, Function<BcciIndex.Unit, Object> value) {
    }

    /** A criterion's Vietnamese name, its field in the answer, and its definition for the definitions sheet. */
    record Criterion(String name, Function<BcciIndex.Criteria, BcciIndex.Measure> measure, String definition) {
    }

    static final List<Criterion> CRITERIA = List.of(
            new Criterion("Thủ tục cung cấp qua BCCI", BcciIndex.Criteria::offered,
                    "Số thủ tục của đơn vị trong danh mục nhận hồ sơ hoặc trả kết quả qua bưu chính công ích / tổng "
                            + "số thủ tục của đơn vị (danh mục hiện hành)"),
            new Criterion("Tiếp nhận hồ sơ qua BCCI", BcciIndex.Criteria::intakeByPost,
                    "Số hồ sơ tiếp nhận qua bưu chính / tổng số hồ sơ tiếp nhận trong kỳ"),
            new Criterion("Trả kết quả qua BCCI", BcciIndex.Criteria::returnByPost,
                    "Số kết quả trả qua bưu chính / tổng số hồ sơ đã giải quyết hoặc từ chối trong kỳ"),
            new Criterion("Hồ sơ BCCI đúng hạn", BcciIndex.Criteria::onTime,
                    "Số hồ sơ BCCI giải quyết trước hạn hoặc đúng hạn / tổng số hồ sơ BCCI đã giải quyết trong kỳ"),
            new Criterion("Phát thành công lần đầu", BcciIndex.Criteria::firstAttemptDelivery,
                    "Số kết quả phát thành công không có lần phát không thành công trước đó / tổng số kết quả đã "
                            + "phát thành công trong kỳ"),
            new Criterion("Đồng bộ lên Cổng DVCQG", BcciIndex.Criteria::transparency,
                    "Số hồ sơ BCCI đã kết thúc mà mọi trạng thái đều đã lên Cổng Dịch vụ công quốc gia / tổng "
                            + "số hồ sơ BCCI tiếp nhận trong kỳ đã kết thúc"));

    static final List<Column> COLUMNS = columns();

    private IndexExport() {
    }

    private static List<Column> columns() {
        List<Column> c = new ArrayList<>();
        c.add(new Column("Hạng", BcciIndex.Unit::rank));
        c.add(new Column("Đơn vị", BcciIndex.Unit::unit));
        c.add(new Column("Loại đơn vị", u -> kind(u.kind())));
        c.add(new Column("Tổng điểm", BcciIndex.Unit::score));
        c.add(new Column("Tổng điểm kỳ trước", BcciIndex.Unit::previousScore));
        for (Criterion k : CRITERIA) {
            c.add(new Column(k.name() + ": số lượng", u -> k.measure().apply(u.criteria()).count()));
            c.add(new Column(k.name() + ": trên tổng số", u -> k.measure().apply(u.criteria()).of()));
            c.add(new Column(k.name() + ": tỷ lệ", u -> k.measure().apply(u.criteria()).share()));
            c.add(new Column(k.name() + ": tỷ lệ kỳ trước", u -> k.measure().apply(u.criteria()).previousShare()));
            c.add(new Column(k.name() + ": điểm", u -> k.measure().apply(u.criteria()).score()));
        }
        c.add(new Column("Hồ sơ tiếp nhận", u -> u.figures().received()));
        c.add(new Column("Hồ sơ BCCI tiếp nhận", u -> u.figures().bcciReceived()));
        c.add(new Column("Tỷ lệ đúng hạn (mọi hồ sơ)", u -> u.figures().onTimeAll()));
        c.add(new Column("Kết quả phát không thành công hoặc chuyển hoàn", u -> u.figures().failedOrReturned()));
        c.add(new Column("Kết quả đã giao bưu điện", u -> u.figures().handedToPost()));
        c.add(new Column("Độ trễ đồng bộ p95 (giây)", u -> u.figures().syncDelayP95Seconds()));
        c.add(new Column("Chiều gửi hồ sơ: số bưu gửi", u -> u.figures().intakeLeg().legs()));
        c.add(new Column("Chiều gửi hồ sơ: trung vị (giờ làm việc)",
                u -> hours(u.figures().intakeLeg().medianWorkingSeconds())));
        c.add(new Column("Chiều gửi hồ sơ: p90 (giờ làm việc)",
                u -> hours(u.figures().intakeLeg().p90WorkingSeconds())));
        c.add(new Column("Chiều trả kết quả: số bưu gửi", u -> u.figures().resultLeg().legs()));
        c.add(new Column("Chiều trả kết quả: trung vị (giờ làm việc)",
                u -> hours(u.figures().resultLeg().medianWorkingSeconds())));
        c.add(new Column("Chiều trả kết quả: p90 (giờ làm việc)",
                u -> hours(u.figures().resultLeg().p90WorkingSeconds())));
        return List.copyOf(c);
    }

    /** Working seconds as working hours, to a tenth. */
    private static Double hours(Double seconds) {
        return seconds == null ? null : Math.round(seconds / 360) / 10.0;
    }

    static String kind(String kind) {
        return switch (kind) {
            case "PROVINCE" -> "Tỉnh, thành phố";
            case "MINISTRY" -> "Bộ, ngành";
            case "NATIONAL" -> "Toàn quốc";
            default -> "Khác";
        };
    }

    static String level(Level level) {
        return switch (level) {
            case AGENCY -> "Cơ quan";
            case UNIT -> "Tỉnh, thành phố và bộ, ngành (đơn vị cấp 1)";
            case NATIONAL -> "Toàn quốc";
        };
    }

    /** The title line: what the figures are of. */
    static String title(BcciIndex.Page page) {
        return "Chỉ số triển khai dịch vụ bưu chính công ích (BCCI), kỳ " + page.period() + " ("
                + DAY.format(LocalDate.parse(page.from())) + " – "
                + DAY.format(LocalDate.parse(page.to()).minusDays(1)) + "), so với kỳ " + page.previousPeriod()
                + "; cấp: " + level(page.level());
    }

    /** The file name of an export: {@code chi-so-bcci-2026-11-UNIT.xlsx}. */
    static String fileName(BcciIndex.Page page, String extension) {
        return "chi-so-bcci-" + page.period() + "-" + page.level() + "." + extension;
    }

    static String csv(BcciIndex.Page page) {
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            out.write('\ufeff'); // a byte order mark, so that spreadsheets read the Vietnamese as UTF-8
            csv.printRecord(COLUMNS.stream().map(Column::header).toList());
            for (BcciIndex.Unit u : page.items()) {
                csv.printRecord(COLUMNS.stream().map(c -> c.value().apply(u)).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static byte[] xlsx(BcciIndex.Page page) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = book.createCellStyle();
            Font font = book.createFont();
            font.setBold(true);
            bold.setFont(font);
            CellStyle share = book.createCellStyle();
            share.setDataFormat(book.createDataFormat().getFormat("0.0%"));

            Sheet ranking = book.createSheet("Chỉ số BCCI");
            cell(ranking.createRow(0), 0, title(page), bold);
            Row header = ranking.createRow(2);
            for (int i = 0; i < COLUMNS.size(); i++) {
                cell(header, i, COLUMNS.get(i).header(), bold);
            }
            int r = 3;
            for (BcciIndex.Unit u : page.items()) {
                Row row = ranking.createRow(r++);
                for (int i = 0; i < COLUMNS.size(); i++) {
                    boolean isShare = COLUMNS.get(i).header().contains("tỷ lệ")
                            || COLUMNS.get(i).header().startsWith("Tỷ lệ");
                    cell(row, i, COLUMNS.get(i).value().apply(u), isShare ? share : null);
                }
            }
            ranking.createFreezePane(2, 3);

            Sheet definitions = book.createSheet("Định nghĩa");
            Row h = definitions.createRow(0);
            cell(h, 0, "Tiêu chí", bold);
            cell(h, 1, "Trọng số", bold);
            cell(h, 2, "Cách tính", bold);
            double[] weights = page.weights().values();
            for (int i = 0; i < CRITERIA.size(); i++) {
                Row row = definitions.createRow(i + 1);
                cell(row, 0, CRITERIA.get(i).name(), null);
                cell(row, 1, weights[i], null);
                cell(row, 2, CRITERIA.get(i).definition(), null);
            }
            int n = CRITERIA.size() + 2;
            cell(definitions.createRow(n), 0, "Điểm của tiêu chí = trọng số × tỷ lệ. Tổng điểm = tổng điểm các tiêu "
                    + "chí có số liệu, quy về thang điểm bằng tổng các trọng số. Hồ sơ BCCI: hồ sơ tiếp nhận qua "
                    + "bưu chính hoặc trả kết quả qua bưu chính. Số liệu tính theo ngày (giờ Việt Nam).", null);
            definitions.setColumnWidth(0, 32 * 256);
            definitions.setColumnWidth(2, 100 * 256);
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void cell(Row row, int column, Object value, CellStyle style) {
        Cell cell = row.createCell(column);
        if (value instanceof Number number) {
            cell.setCellValue(number.doubleValue());
        } else if (value != null) {
            cell.setCellValue(value.toString());
        }
        if (style != null) {
            cell.setCellStyle(style);
        }
    }
}
