package dev.kvstore.config;

import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.kvstore.engine.EngineLimits;
import dev.kvstore.engine.EngineListener;
import dev.kvstore.engine.StorageEngine;
import dev.kvstore.engine.file.FilePerKeyKV;
import dev.kvstore.engine.io.DiskIo;
import dev.kvstore.engine.log.LogOptions;
import dev.kvstore.engine.log.LogStructuredKV;
import dev.kvstore.engine.memory.MemoryKV;
import dev.kvstore.metrics.CompositeEngineListener;

/**
 * The one {@link StorageEngine} bean, chosen by {@code kv.engine}: opened (and recovered)
 * at startup, closed when the application context closes, after graceful shutdown has let
 * requests in flight finish.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(EngineConfiguration.class);

	@Bean
	LoggingEngineListener loggingEngineListener() {
		return new LoggingEngineListener();
	}

	/**
	 * The engine; every {@link EngineListener} bean hears its background events. Metrics
	 * wrap it in a timing decorator (see {@code dev.kvstore.metrics}).
	 */
	@Bean(destroyMethod = "close")
	StorageEngine storageEngine(KvProperties properties, List<EngineListener> listeners) {
		EngineListener listener = new CompositeEngineListener(listeners);
		EngineLimits limits = properties.limits();
		Path dir = properties.engineDirectory();
		StorageEngine engine = switch (properties.engine()) {
			case LOG -> openLog(properties, dir, limits, listener);
			case FILE -> {
				boolean syncAlways = properties.file().sync() == KvProperties.FileSync.ALWAYS;
				logger.info("Storage engine: file, data in {}, sync {}", dir, properties.file().sync());
				yield FilePerKeyKV.open(dir, limits, syncAlways, DiskIo.INSTANCE, listener);
			}
			case MEMORY -> {
				logger.info("Storage engine: memory, nothing is kept on disk");
				yield new MemoryKV(limits, listener);
			}
		};
		return engine;
	}

	private static StorageEngine openLog(KvProperties properties, Path dir, EngineLimits limits,
			EngineListener listener) {
		KvProperties.Log log = properties.log();
		LogOptions options = LogOptions.defaults(dir)
			.withLimits(limits)
			.withSegmentSize(log.segmentSize().toBytes())
			.withSync(log.sync(), log.syncInterval())
			.withRecovery(log.recovery())
			.withAutoCompaction(log.compactionRatio(), log.compactionMinBytes().toBytes(),
					log.compactionCheckInterval())
			.withListener(listener);
		logger.info("Storage engine: log, data in {}, sync {}{}, recovery {}", dir,
				log.sync().name().toLowerCase(java.util.Locale.ROOT),
				(log.sync() == dev.kvstore.engine.log.SyncMode.INTERVAL) ? " every " + log.syncInterval() : "",
				log.recovery().name().toLowerCase(java.util.Locale.ROOT));
		LogStructuredKV engine = LogStructuredKV.open(options);
		logger.info("Storage engine: {} keys in {} segments", engine.stats().keys(), engine.stats().segments());
		return engine;
	}

}
