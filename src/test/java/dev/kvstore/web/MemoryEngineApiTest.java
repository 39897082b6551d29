package dev.kvstore.web;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/** The HTTP API contract ({@link KeysApiContract}) over the memory engine. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestSupport.MEMORY, WebTestSupport.MAX_VALUE })
@ContextConfiguration(initializers = FreshDataDirectory.class)
class MemoryEngineApiTest extends KeysApiContract {

	@Override
	String engineName() {
		return "memory";
	}

}
