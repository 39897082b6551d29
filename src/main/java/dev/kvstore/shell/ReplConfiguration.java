package dev.kvstore.shell;

import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;

import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.shell.jline.PromptProvider;

import dev.kvstore.config.KvProperties;
import dev.kvstore.engine.StorageEngine;

/**
 * The REPL profile's look at the prompt: a {@code kvstore>} prompt and one line saying
 * which engine is open where (Spring Boot's own logs are turned down to warnings in this
 * profile, so they would not say it).
 */
@Configuration(proxyBeanMethods = false)
@Profile("repl")
class ReplConfiguration {

	@Bean
	PromptProvider kvstorePrompt() {
		return () -> new AttributedString("kvstore> ");
	}

	/**
	 * Greets once the engine is open, before the first prompt. Also turns off JLine's
	 * {@code !} history expansion, which would otherwise rewrite values such as
	 * {@code "hello!"}.
	 */
	@Bean
	ApplicationListener<ApplicationStartedEvent> replGreeting(KvProperties properties, StorageEngine engine,
			LineReader lineReader) {
		return (event) -> {
			lineReader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
			Object history = lineReader.getVariable(LineReader.HISTORY_FILE);
			var out = lineReader.getTerminal().writer();
			out.println(Greeting.line(properties, engine));
			out.println("Type help for the commands, exit (or Ctrl-D) to leave."
					+ ((history != null) ? " History: " + history : ""));
			out.flush();
		};
	}

}
