package dev.kvstore.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import dev.kvstore.web.FreshDataDirectory;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in headless Chromium: after some traffic, including a compaction, every
 * chart holds data points, the page logged no error, and it loaded nothing but from the
 * service itself. Leaves a screenshot in {@code target/dashboard.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FreshDataDirectory.class)
class DashboardBrowserTest {

	@TempDir
	Path profile;

	@LocalServerPort
	int port;

	@Test
	void chartsFillWithLiveDataAndNothingLoadsFromOutside() throws Exception {
		ChromeDriver browser = HeadlessChromium.start(this.profile);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread traffic = new Thread(() -> makeTraffic(running));
		try {
			RestAssured.port = this.port;
			traffic.start();
			browser.get("http://localhost:" + this.port + "/dashboard?interval=300");
			waitFor(browser, () -> allChartsHavePoints(browser), "every chart to get points");
			given().post("/compact").then().statusCode(200);
			waitFor(browser, () -> compactionBars(browser) > 0, "the compaction to be charted");

			assertThat(pointCounts(browser)).allSatisfy((chart, counts) -> assertThat(counts).as(chart)
				.anySatisfy((count) -> assertThat(count).isPositive()));
			List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll();
			assertThat(console).as("console messages").noneMatch((entry) -> entry.getLevel().intValue() >= 900);
			@SuppressWarnings("unchecked")
			List<String> loaded = (List<String>) browser.executeScript(
					"return performance.getEntriesByType('resource').map(e => e.name)" + ".concat([location.href])");
			assertThat(loaded).isNotEmpty()
				.allSatisfy((url) -> assertThat(url).startsWith("http://localhost:" + this.port + "/"));
			assertThat(browser.findElement(org.openqa.selenium.By.id("summary")).getText()).contains("log engine");
			Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(screenshot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
		}
		finally {
			running.set(false);
			traffic.join();
			browser.quit();
		}
	}

	/** Waits, and on a time-out says what the page showed and logged. */
	private static void waitFor(ChromeDriver browser, java.util.function.BooleanSupplier condition, String what) {
		try {
			new WebDriverWait(browser, Duration.ofSeconds(30)).until((driver) -> condition.getAsBoolean());
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			throw new AssertionError("timed out waiting for " + what + "; points: " + pointCounts(browser)
					+ "; console: " + browser.manage().logs().get(LogType.BROWSER).getAll() + "; status: "
					+ browser.findElement(org.openqa.selenium.By.id("status")).getText(), ex);
		}
	}

	private static void makeTraffic(AtomicBoolean running) {
		int i = 0;
		while (running.get()) {
			given().body("value-" + i + "x".repeat(500)).put("/keys/dashboard/" + (i % 20));
			given().get("/keys/dashboard/" + (i % 25));
			if (i % 7 == 0) {
				given().delete("/keys/dashboard/" + (i % 20));
				given().queryParam("prefix", "dashboard/").get("/keys");
			}
			i++;
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, List<Long>> pointCounts(ChromeDriver browser) {
		return (Map<String, List<Long>>) ((JavascriptExecutor) browser)
			.executeScript("return window.kvDashboard ? window.kvDashboard.pointCounts() : {}");
	}

	private static boolean allChartsHavePoints(ChromeDriver browser) {
		Map<String, List<Long>> counts = pointCounts(browser);
		return counts.size() == 6 && counts.entrySet()
			.stream()
			.filter((entry) -> !entry.getKey().equals("compactions"))
			.allMatch((entry) -> entry.getValue().stream().anyMatch((count) -> count > 2));
	}

	private static long compactionBars(ChromeDriver browser) {
		return pointCounts(browser).get("compactions").get(0);
	}

}
