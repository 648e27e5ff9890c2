package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;

import vn.bcci.contracts.TrackingNumber;

/**
 * The operator console in a real browser (Debian's Chromium through its ChromeDriver, headless): an operator signs in
 * at the token issuer (authorization code + PKCE), sees a dossier the portal refuses appear without reloading the page,
 * resends it and sees it clear, sees a stalled shipment's alert, opens a dossier by its tracking number and reads its
 * timeline, downloads the BCCI report as CSV, and ranks the BCCI index, switches its period and unit and downloads
 * it as XLSX (read back against the API); an agency's coordinator sees only their agency. Screenshots go to
 * {@code target/console/}.
 */
@ExtendWith(SystemStack.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleTest {
    private static final String H22 = "000.00.01.H22";
    private static final Path SHOTS = Path.of("target", "console").toAbsolutePath();
    private static final Path DOWNLOADS = Path.of("target", "console", "downloads").toAbsolutePath();
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String console;

    @BeforeAll
    static void openTheBrowser() throws IOException {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(driver), "the console's browser tests need "
                + "Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        Files.createDirectories(DOWNLOADS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=vi-VN");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", DOWNLOADS.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        console = SystemStack.url(SystemStack.ports().portalSync(), "/");
        // first in its fork, it may find the stack just started: wait, as an agency would, until dossier-service
        // takes its token and knows the portal's catalogue (a CI run's first registration was answered 401)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> given().header("Authorization", SystemStack.bearer("agency-h22"))
                        .get(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/procedures/1.001612")).then()
                        .statusCode(200));
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private static void signIn(String user) {
        browser.get(console);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        assertTrue(browser.getCurrentUrl().contains("/oauth2/authorize"), "at the issuer's sign-in page: "
                + browser.getCurrentUrl());
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.id("signin")).click();
        wait.until(ExpectedConditions.urlToBe(console + "#/"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#alertTiles .tile")));
    }

    /**
     * An alert tile's figure, read in one step in the page (the tiles are redrawn as the feed moves); -1 before drawn.
     * (The sync tiles beside them are the whole system's, from the metrics' last refresh.)
     */
    private static int tileValue(String kind) {
        Object text = ((JavascriptExecutor) browser).executeScript("const b = document.querySelector("
                + "\"#alertTiles a.tile[href='#/alerts/" + kind + "'] b\"); return b ? b.textContent : null;");
        return text == null ? -1 : Integer.parseInt(text.toString().replaceAll("\\D", ""));
    }

    /** Letters only Vietnamese writes (with its diacritics). */
    private static final java.util.regex.Pattern VIETNAMESE = java.util.regex.Pattern
            .compile("[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]",
                    java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.UNICODE_CASE);

    /** A dossier of {@code agency} submitted ten days ago and accepted nine days ago: overdue since. */
    private static String overdueDossier(String client, String agency) {
        Instant submitted = Instant.now().minus(Duration.ofDays(10));
        String code = given().header("Authorization", SystemStack.bearer(client)).contentType(ContentType.JSON)
                .body("""
                        {"procedureCode": "1.001612", "agencyCode": "%s", "channel": "ONLINE",
                         "returnMethod": "IN_PERSON", "summary": "Đăng ký khai sinh", "submittedAt": "%s",
                         "applicant": {"type": "CITIZEN", "name": "Ngô Thị Lan"}}""".formatted(agency, submitted))
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers")).then().statusCode(201)
                .extract().path("code");
        given().header("Authorization", SystemStack.bearer(client)).contentType(ContentType.JSON)
                .body("""
                        {"to": "ACCEPTED", "at": "%s", "handler": {"name": "Trần Văn Bình", "title": "Chuyên viên",
                         "department": "Bộ phận một cửa"}}""".formatted(submitted.plus(Duration.ofDays(1))))
                .post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers/" + code + "/transitions"))
                .then().statusCode(200);
        return code;
    }

    private static String register(String code, String tracking) {
        String body = """
                {%s"procedureCode": "1.001612", "agencyCode": "%s", "channel": "%s", "returnMethod": "POSTAL",
                 "summary": "Đăng ký khai sinh",
                 "applicant": {"type": "CITIZEN", "name": "Ngô Thị Lan", "idNumber": "001203004567",
                               "phone": "0912345678"}%s}"""
                .formatted(code == null ? "" : "\"code\": \"" + code + "\", ", H22,
                        tracking == null ? "ONLINE" : "POSTAL",
                        tracking == null ? "" : ", \"inboundTrackingNumber\": \"" + tracking + "\"");
        return given().header("Authorization", SystemStack.bearer("agency-h22")).contentType(ContentType.JSON)
                .body(body).post(SystemStack.url(SystemStack.ports().dossier(), "/api/v1/dossiers")).then()
                .statusCode(201).extract().path("code");
    }

    @Test
    @Order(1)
    void anOperatorSignsInAndSeesARefusedDossierAppearLiveThenResendsItAndSeesItClear() throws IOException {
        signIn("dieuhanh");
        assertTrue(browser.findElement(By.id("who")).getText().contains("Nguyễn Thu Hà"));
        assertEquals("vi", browser.findElement(By.tagName("html")).getAttribute("lang"));
        String icon = browser.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href");
        given().get(icon).then().statusCode(200).contentType(org.hamcrest.Matchers.containsString("svg"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live"), "trực tiếp"));
        wait.until(d -> tileValue("PARKED") >= 0);
        ((JavascriptExecutor) browser).executeScript("window.__sameLoad = 'yes';");

        // the portal will refuse this dossier's data (answer 2): it is parked
        String code = H22 + "-261201-" + (700_000 + (int) (Math.random() * 200_000));
        String sim = SystemStack.url(SystemStack.ports().portal(), "/_sim/refuse");
        given().contentType(ContentType.JSON).body("{\"code\": \"" + code + "\", \"message\": \"TrichYeuHoSo "
                + "không hợp lệ\"}").post(sim).then().statusCode(200);
        register(code, null);

        // the portal's refusal reaches the page over the feed's stream: its row, and the parked tile counts it (other
        // tests of this stack may park and resend their own meanwhile: the figure is at least one, not one more)
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//tbody[@id='feedRows']//tr[td/a[text()='"
                + code + "'] and contains(., 'từ chối')]")));
        wait.until(d -> tileValue("PARKED") >= 1);
        assertEquals("yes", ((JavascriptExecutor) browser).executeScript("return window.__sameLoad;"),
                "it appeared without a reload");
        // the sign-in is renewed before the hour's token expires, without a reload (what the schedule does at
        // exp - 5 min, done now): a new access token and refresh token, the page the same, the API answering
        JavascriptExecutor js = (JavascriptExecutor) browser;
        String before = (String) js.executeScript("return sessionStorage.getItem('bcci-token');");
        String refreshBefore = (String) js.executeScript("return sessionStorage.getItem('bcci-refresh');");
        assertEquals(Boolean.TRUE, js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "window.bcciRenewNow().then(done, () => done(false));"));
        String after = (String) js.executeScript("return sessionStorage.getItem('bcci-token');");
        assertTrue(after != null && !after.equals(before), "a new access token");
        assertTrue(!refreshBefore.equals(js.executeScript("return sessionStorage.getItem('bcci-refresh');")),
                "a new refresh token");
        given().header("Authorization", "Bearer " + after).get(SystemStack.url(SystemStack.ports().portalSync(),
                "/api/v1/alerts")).then().statusCode(200);
        assertEquals("yes", js.executeScript("return window.__sameLoad;"), "renewed without a reload");
        screenshot("overview");

        // the agency's data is fixed on the portal's side; the operator resends it from the parked list
        given().contentType(ContentType.JSON).body("{\"code\": \"" + code + "\"}").post(sim).then().statusCode(200);
        browser.findElement(By.cssSelector("#alertTiles a.tile[href='#/alerts/PARKED']")).click();
        WebElement resend = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "button.resend[data-code='" + code + "']")));
        resend.click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("confirm-yes"))).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("tr[data-dossier='" + code + "']")));
        screenshot("parked-cleared");

        // the resend is in the audit log, with who did it
        browser.findElement(By.cssSelector("#nav a[href='#/actions']")).click();
        WebElement audit = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit")));
        assertTrue(audit.getText().contains(code) && audit.getText().contains("dieuhanh"), audit.getText());
        // in words: the state it was in labelled, none of the server's own terms
        assertTrue(audit.getText().contains("trước đó: Bị cổng từ chối"), audit.getText());
        assertTrue(!audit.getText().contains("was ") && !audit.getText().contains("PARKED"), audit.getText());
    }

    @Test
    @Order(2)
    void aStalledShipmentRaisesAnAlertAndItsDossierOpensByTrackingNumber() throws IOException {
        String tracking = TrackingNumber.of("EB", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 100_000_000);
        String code = register(null, tracking);
        given().header("Authorization", SystemStack.bearer("vnpost")).contentType(ContentType.JSON)
                .body("{\"itemCode\": \"" + tracking + "\", \"direction\": \"INBOUND\", \"dossierCode\": \"" + code
                        + "\", \"agencyCode\": \"" + H22 + "\"}")
                .post(SystemStack.url(SystemStack.ports().postal(), "/api/v1/shipments")).then()
                .statusCode(org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(201))
                        .or(org.hamcrest.Matchers.is(200)).or(org.hamcrest.Matchers.is(409)));
        // VNPost accepted the item three days ago and has said nothing since: the watch flags it stalled
        String at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.now().minus(Duration.ofDays(3))
                .atOffset(ZoneOffset.ofHours(7)).withNano(0));
        String push = """
                [{"eventId": "%s", "itemCode": "%s", "orderNumber": "%s", "statusCode": "EMA", "occurredAt": "%s",
                  "postOffice": {"code": "100000", "name": "Bưu cục Hà Nội"}}]"""
                .formatted(UUID.randomUUID(), tracking, code, at);
        SystemStack.pushSigned(SystemStack.bearer("vnpost"), push)
                .post(SystemStack.url(SystemStack.ports().postal(), "/api/v1/tracking-events")).then().statusCode(200)
                .body("results[0].outcome", org.hamcrest.Matchers.equalTo("accepted"));

        browser.get(console + "#/alerts/STALLED_SHIPMENT");
        wait.withTimeout(Duration.ofSeconds(120)).until(d -> {
            browser.navigate().refresh(); // the alert list is one page; a refresh reads it again
            return !browser.findElements(By.xpath("//table[@id='alertList']//a[text()='" + tracking + "']")).isEmpty();
        });
        screenshot("stalled-shipment");
        String alertList = browser.findElement(By.id("alertList")).getText();
        assertTrue(alertList.contains("lâu không có cập nhật") && !alertList.contains("STALLED")
                && !alertList.contains("INBOUND"), "the alert's detail in words, no codes: " + alertList);

        // the dossier's page, by its tracking number
        browser.findElement(By.cssSelector("#nav a[href='#/dossier']")).click();
        WebElement key = wait.until(ExpectedConditions.elementToBeClickable(By.id("key")));
        key.sendKeys(tracking);
        browser.findElement(By.cssSelector("#find button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dossierCode"), code));
        WebElement timeline = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        wait.until(d -> timeline.getText().contains("Bưu cục Hà Nội"));
        String text = browser.findElement(By.id("main")).getText();
        assertTrue(text.contains("Bưu chính") && text.contains(tracking), text);
        String clock = browser.findElement(By.id("clock")).getText();
        assertTrue(
                clock.contains("Tại cơ quan: ") && clock.contains("giờ làm việc")
                        && clock.contains("Thời gian làm việc"),
                "the clock in working time: " + clock);
        assertTrue(!text.contains("0912345678") && !text.contains("001203004567"), "personal data masked: " + text);
        screenshot("dossier");
    }

    @Test
    @Order(3)
    void theOverviewNarrowsToOneAgency() {
        browser.get(console + "#/");
        WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id("overviewAgency")));
        field.sendKeys("000.00.99.Z99");
        field.submit();
        wait.until(ExpectedConditions.urlContains("agency=000.00.99.Z99"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alerts"), "000.00.99.Z99"));
        wait.until(d -> !d.findElements(By.cssSelector("#feedRows tr.empty")).isEmpty());
        for (String kind : List.of("DUE_SOON", "OVERDUE", "STALLED_SHIPMENT", "PARKED")) {
            wait.until(d -> tileValue(kind) >= 0);
            assertEquals(0, tileValue(kind), kind + " of an agency with no dossiers");
        }
        // and stays so while the whole system's feed moves (no refresh of the unscoped page writes into this one)
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> tileValue("PARKED") == 0);
    }

    @Test
    @Order(4)
    void theBcciReportIsShownWithItsChartAndDownloadsAsCsv() throws IOException {
        browser.get(console + "#/report");
        WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("report")));
        assertTrue(table.getText().contains("Tỷ lệ đúng hạn") && table.getText().contains("Qua bưu chính công ích"),
                table.getText());
        assertTrue(browser.findElement(By.cssSelector("#reportChart svg")).isDisplayed());
        screenshot("report");
        Path csv = download("csv", ".csv");
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        // Vietnamese headers after a byte order mark (a spreadsheet reads UTF-8 then), the total in Vietnamese
        assertTrue(lines.get(0).startsWith("\ufeffCơ quan,Tiếp nhận,"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(H22 + ",")), "H22's row: " + lines);
        assertTrue(lines.get(lines.size() - 1).startsWith("TỔNG CỘNG,"), "the total last: " + lines);
    }

    @Test
    @Order(5)
    void theBcciIndexRanksSwitchesPeriodAndUnitAndDownloadsAsXlsx() throws IOException {
        browser.get(console + "#/index");
        WebElement table = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("index")));
        assertTrue(table.getText().contains("Hồ sơ BCCI đúng hạn") && table.getText().contains("H22"), table.getText());
        assertTrue(browser.findElement(By.cssSelector("#indexChart svg")).isDisplayed());
        screenshot("index");

        String year = Integer.toString(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).getYear());
        WebElement period = browser.findElement(By.id("period"));
        period.clear();
        period.sendKeys(year);
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("level"))).selectByValue("AGENCY");
        browser.findElement(By.cssSelector("#indexForm button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#index tr[data-unit='" + H22 + "']")));
        assertTrue(browser.findElement(By.id("indexPeriod")).getText().startsWith(year + " (" + year + "-01-01"),
                browser.findElement(By.id("indexPeriod")).getText());

        WebElement unit = browser.findElement(By.id("unit"));
        unit.clear();
        unit.sendKeys(H22);
        browser.findElement(By.cssSelector("#indexForm button[type=submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("#index tbody tr")).size() == 1
                && !d.findElements(By.cssSelector("#index tr[data-unit='" + H22 + "']")).isEmpty());

        // the spreadsheet against the API's answer for the same unit and year; the suites before this one may still
        // be adding their last dossiers to the year's figures, so both are taken again until they are of one moment
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Path xlsx = download("xlsx", ".xlsx");
            assertEquals("chi-so-bcci-" + year + "-AGENCY-" + H22 + ".xlsx", xlsx.getFileName().toString());
            Map<String, Object> api = given().header("Authorization", SystemStack.bearer("operator"))
                    .get(SystemStack.url(SystemStack.ports().portalSync(), "/api/v1/index?level=AGENCY&period=" + year
                            + "&unit=" + H22))
                    .then().statusCode(200).extract().jsonPath().getMap("items[0]");
            try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
                    Files.newInputStream(xlsx))) {
                org.apache.poi.ss.usermodel.Sheet sheet = book.getSheet("Chỉ số BCCI");
                assertTrue(sheet.getRow(0).getCell(0).getStringCellValue().contains("kỳ " + year),
                        "the period's title");
                assertEquals("Đơn vị", sheet.getRow(2).getCell(1).getStringCellValue());
                assertEquals(H22, sheet.getRow(3).getCell(1).getStringCellValue());
                assertEquals(((Number) ((Map<?, ?>) api.get("figures")).get("received")).doubleValue(),
                        cellUnder(sheet, "Hồ sơ tiếp nhận"), "received, as the API says");
                assertTrue(cellUnder(sheet, "Hồ sơ tiếp nhận") > 0, "the dossiers this run registered count");
                assertEquals(((Number) api.get("score")).doubleValue(), cellUnder(sheet, "Tổng điểm"), 1e-6);
                assertEquals("Định nghĩa", book.getSheetAt(1).getSheetName());
            }
        });
    }

    /** Clicks the link {@code id} and waits for the browser to save the file it gives, ending in {@code suffix}. */
    private static Path download(String id, String suffix) throws IOException {
        try (Stream<Path> old = Files.list(DOWNLOADS)) {
            old.forEach(p -> p.toFile().delete());
        }
        browser.findElement(By.id(id)).click();
        wait.until(d -> {
            try (Stream<Path> files = Files.list(DOWNLOADS)) {
                return files.anyMatch(p -> p.toString().endsWith(suffix));
            } catch (IOException e) {
                return false;
            }
        });
        try (Stream<Path> files = Files.list(DOWNLOADS)) {
            return files.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
        }
    }

    /** The number in the first data row under the column headed {@code header}. */
    private static double cellUnder(org.apache.poi.ss.usermodel.Sheet sheet, String header) {
        for (org.apache.poi.ss.usermodel.Cell h : sheet.getRow(2)) {
            if (header.equals(h.getStringCellValue())) {
                return sheet.getRow(3).getCell(h.getColumnIndex()).getNumericCellValue();
            }
        }
        throw new AssertionError("no column " + header);
    }

    @Test
    @Order(6)
    void anAgencyCoordinatorSeesOnlyTheirAgencyAndMayNotAct() throws IOException {
        String refresh = (String) ((JavascriptExecutor) browser).executeScript(
                "return sessionStorage.getItem('bcci-refresh');");
        browser.findElement(By.id("signout")).click();
        // the page revokes the sign-in, then goes to the provider's sign-out and back to its sign-in page
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        signIn("dieuphoi-h22");
        // signing out ended the operator's sign-in: its refresh token renews nothing any more
        given().formParam("grant_type", "refresh_token").formParam("client_id", "operator-console")
                .formParam("refresh_token", refresh).post(SystemStack.url(SystemStack.ports().issuer(),
                        "/oauth2/token"))
                .then().statusCode(400).body("error", org.hamcrest.Matchers.equalTo("invalid_grant"));
        assertTrue(browser.findElement(By.id("who")).getText().contains(H22));
        assertTrue(browser.findElements(By.cssSelector("#syncTiles .tile")).isEmpty()
                || !browser.findElement(By.id("sync")).isDisplayed(), "the operators' sync figures are not theirs");
        // an overdue dossier of H22's (accepted nine days ago, due the next working day) and one of another agency
        String overdue = overdueDossier("agency-h22", H22);
        String foreign = overdueDossier("agency-g12", "000.00.00.G12");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .header("Authorization", SystemStack.bearer("operator"))
                .get(SystemStack.url(SystemStack.ports().portalSync(), "/api/v1/alerts/overdue?limit=500")).then()
                .body("dossierCode", org.hamcrest.Matchers.hasItems(overdue, foreign)));
        browser.get(console + "#/alerts/OVERDUE");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alertList"), overdue));
        List<WebElement> agencies = browser.findElements(By.cssSelector("#alertList tbody tr td:nth-child(2)"));
        assertTrue(!agencies.isEmpty(), "the coordinator's overdue list shows H22's overdue dossier");
        agencies.forEach(cell -> assertEquals(H22, cell.getText()));
        assertTrue(!browser.findElement(By.id("alertList")).getText().contains(foreign), "another agency's dossier");
        browser.get(console + "#/actions");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "không có quyền"));
        // switched to English: every label changes (the navigation holds no Vietnamese word, the refusal is English)
        browser.findElement(By.id("lang")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("nav"), "Overview"));
        String nav = browser.findElement(By.id("nav")).getText();
        assertTrue(!VIETNAMESE.matcher(nav).find(), "English navigation: " + nav);
        wait.until(d -> !d.findElement(By.id("main")).getText().contains("không có quyền"));
        screenshot("coordinator-english");
        browser.findElement(By.id("lang")).click();
    }
}
