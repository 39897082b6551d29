package dev.kvstore.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Starts the machine's Chromium and ChromeDriver (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs), headless, with a fresh
 * profile and none of its background traffic. Never downloads a browser or a driver:
 * without them the test is skipped with a message.
 */
final class HeadlessChromium {

	static final Path BROWSER = Path.of(System.getProperty("kv.test.chromium", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(System.getProperty("kv.test.chromedriver", "/usr/bin/chromedriver"));

	private HeadlessChromium() {
	}

	static ChromeDriver start(Path profile) {
		Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
				"Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver); "
						+ "skipping the browser test");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--window-size=1400,1000", "--user-data-dir=" + profile.toAbsolutePath());
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, java.util.logging.Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

}
