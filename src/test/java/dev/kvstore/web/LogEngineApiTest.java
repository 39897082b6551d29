package dev.kvstore.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/** The HTTP API contract ({@link KeysApiContract}) over the log engine. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestSupport.LOG, WebTestSupport.MAX_VALUE })
@ContextConfiguration(initializers = FreshDataDirectory.class)
class LogEngineApiTest extends KeysApiContract {

	@Override
	String engineName() {
		return "log";
	}

}
