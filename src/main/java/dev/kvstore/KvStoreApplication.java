package dev.kvstore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The kvstore service: the configured storage engine over HTTP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class KvStoreApplication {

	public static void main(String[] args) {
		SpringApplication.run(KvStoreApplication.class, args);
	}

}
