package dev.kvstore.dashboard;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

import dev.kvstore.engine.StorageEngine;
import dev.kvstore.metrics.CompactionHistory;

/**
 * {@code GET /dashboard}: a page of live charts (served from {@code static/dashboard})
 * and the small JSON feed it polls, {@code GET /dashboard/feed}.
 */
@Controller
@Hidden
class DashboardController {

	private final DashboardFeedBuilder feeds;

	DashboardController(MeterRegistry registry, StorageEngine engine, CompactionHistory history) {
		this.feeds = new DashboardFeedBuilder(registry, engine, history, Clock.systemUTC());
	}

	@GetMapping({ "/dashboard", "/dashboard/" })
	String page() {
		return "forward:/dashboard/index.html";
	}

	@GetMapping("/dashboard/feed")
	@ResponseBody
	ResponseEntity<DashboardFeed> feed() {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(this.feeds.build());
	}

}
