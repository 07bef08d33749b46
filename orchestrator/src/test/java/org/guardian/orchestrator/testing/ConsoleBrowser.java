package org.guardian.orchestrator.testing;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Debian's headless Chromium driven by its chromedriver, both named explicitly (Selenium Manager
 * downloads nothing). A machine without them fails the tests, saying what to install.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CHROMIUM = System.getProperty("console.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("console.chromedriver", "/usr/bin/chromedriver");

    private final ChromeDriver driver;

    private ConsoleBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static ConsoleBrowser start() {
        for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(Path.of(program)))
                    .as("%s is missing: the console's browser tests need Debian's chromium and chromium-driver"
                            + " (apt-get install -y chromium chromium-driver; .ci/run installs them)", program)
                    .isTrue();
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new",
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1440,1000",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--disable-backgrounding-occluded-windows", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ConsoleBrowser(new ChromeDriver(service, options));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens the console at {@code base} (e.g. http://localhost:8080) without a session, and logs in. */
    public void logIn(String base, String user) {
        driver.get(base + "/console/");
        driver.manage().deleteAllCookies();
        driver.get(base + "/console/#/schedules");
        waitFor("#login-user").sendKeys(user);
        driver.findElement(By.id("login-password")).sendKeys(ApiTestApp.passwordOf(user));
        driver.findElement(By.id("login-submit")).click();
        await().atMost(WAIT).until(() -> text("#who").startsWith(user));
    }

    public void open(String base, String hash) {
        driver.get(base + "/console/" + hash);
    }

    /** The first element matching {@code css}, once it is shown. */
    public WebElement waitFor(String css) {
        await().atMost(WAIT).ignoreExceptions().until(() -> driver.findElement(By.cssSelector(css)).isDisplayed());
        return driver.findElement(By.cssSelector(css));
    }

    /** Clicks the element matching {@code css}, again if the page redrew it between finding and clicking. */
    public void click(String css) {
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> driver.findElement(By.cssSelector(css)).click());
    }

    /** The shown text of the first element matching {@code css}, or "" while there is none (read in one go). */
    public String text(String css) {
        Object text = script("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : '';", css);
        return String.valueOf(text);
    }

    /** An attribute of every element matching {@code css}, in document order (read in one go). */
    @SuppressWarnings("unchecked")
    public List<String> attributes(String css, String attribute) {
        return (List<String>) script("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.getAttribute(arguments[1]));", css, attribute);
    }

    public boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** Calls the API from the page, with its session cookie and console header: the HTTP status. */
    public long fetchStatus(String method, String path) {
        return (Long) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(arguments[1], {method: arguments[0], headers: {'X-Guardian-Console': '1'}})"
                + ".then(r => done(r.status), e => done(-1));", method, path);
    }

    public Path screenshot(String name) throws IOException {
        Path directory = Path.of("target", "console-screenshots");
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
