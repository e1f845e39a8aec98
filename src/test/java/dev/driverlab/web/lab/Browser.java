package dev.driverlab.web.lab;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Debian Chromium driven through its chromedriver, with a 1280×720 viewport. Without Chromium the
 * browser tests are skipped (a JUnit assumption that says how to install it), unless they are required:
 * {@code DRIVERLAB_BROWSER_TESTS=required} (set by {@code .ci/run}) or {@code -Ddriverlab.browserTests=required},
 * and then they fail, so CI never skips them silently.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = env("DRIVERLAB_CHROMIUM", "/usr/bin/chromium");
    static final String CHROMEDRIVER = env("DRIVERLAB_CHROMEDRIVER", "/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String INSTALL = "Chromium is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): "
            + "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver";

    private final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /** A new browser (a fresh profile: no cookies, storage or cache shared with any other). */
    static Browser open(int port) {
        requireChromium();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // The page's own size, whatever the window decorations: what a 1280x720 laptop or projector shows.
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 720, "deviceScaleFactor", 1, "mobile", false));
        return new Browser(driver, "http://localhost:" + port);
    }

    /** The page's size from now on (a phone: {@code mobile}, a touch screen at device scale 3 as most phones). */
    void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", mobile ? 3 : 1, "mobile", mobile));
    }

    static boolean required() {
        String value = System.getenv("DRIVERLAB_BROWSER_TESTS");
        if (value == null || value.isBlank()) value = System.getProperty("driverlab.browserTests", "optional");
        return value.strip().equalsIgnoreCase("required");
    }

    private static void requireChromium() {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (present) return;
        if (required()) fail(INSTALL + " (browser tests are required here: DRIVERLAB_BROWSER_TESTS=required)");
        abort(INSTALL + " (browser tests skipped)");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    WebDriver driver() {
        return driver;
    }

    String url(String path) {
        return base + path;
    }

    /** A Chrome DevTools Protocol command. */
    Map<String, Object> cdp(String command, Map<String, Object> parameters) {
        return driver.executeCdpCommand(command, parameters);
    }

    /** Chromium's performance counters ({@code Performance.getMetrics}; enable the domain first), by name. */
    Map<String, Number> cdpMetrics() {
        Map<String, Number> byName = new TreeMap<>();
        for (Object o : (List<?>) cdp("Performance.getMetrics", Map.of()).get("metrics")) {
            Map<?, ?> metric = (Map<?, ?>) o;
            byName.put((String) metric.get("name"), (Number) metric.get("value"));
        }
        return byName;
    }

    void get(String path) {
        driver.get(path.startsWith("http") ? path : base + path);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css);
    }

    <T> T waitFor(String what, Function<WebDriver, T> condition) {
        return waitFor(what, Duration.ofSeconds(15), condition);
    }

    <T> T waitFor(String what, Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what).until(condition);
    }

    /** Waits until the JavaScript expression is truthy. */
    void waitUntil(String what, String expression) {
        waitUntil(what, Duration.ofSeconds(15), expression);
    }

    /** Waits at most {@code timeout} until the JavaScript expression is truthy. */
    void waitUntil(String what, Duration timeout, String expression) {
        waitFor(what, timeout, d -> Boolean.TRUE.equals(js("return Boolean(" + expression + ");")));
    }

    /** Waits until the lab has loaded its session (body data-ready) and rendered it. */
    void waitReady() {
        try {
            waitUntil("the lab to load its session", "document.body.dataset.ready === 'true'");
        } catch (RuntimeException e) {
            throw new AssertionError(
                    "the lab did not load: status '" + text("#session-status") + "', console: "
                            + driver.manage().logs().get("browser").getAll(),
                    e);
        }
        settle();
    }

    /**
     * Waits until what the page shows is complete (the heap of the newest step, or the past step's view, has
     * arrived) and drawn: then two animation frames with nothing pending.
     */
    void settle() {
        waitUntil("the view to be complete", "document.body.dataset.viewReady === 'true'");
        ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 50)));");
    }

    void click(String css) {
        waitFor("'" + css + "' to be enabled", d -> {
                    WebElement e = find(css);
                    return e.isDisplayed() && e.isEnabled() ? e : null;
                })
                .click();
    }

    /** Opens the Edit tab and waits until the editor (loaded on first use) is there. */
    void openEditor() {
        click("#tab-edit");
        waitUntil("the editor to load", "document.body.dataset.editor === 'ready'");
    }

    /** Clicks the script's "next" button and waits until the command has landed (the step count changed or not). */
    void next() {
        // Every command adds at least its own event to the trace, so the state's trace length is what tells that the
        // command's state has arrived; the button's label changes on the HTTP answer, which can come before the push.
        String before = (String) js("return document.body.dataset.events");
        click("#script-next");
        waitUntil("the script's next command to be applied", "document.body.dataset.events !== '" + before + "'");
        settle();
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
