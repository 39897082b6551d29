package dev.kvstore.cli.bench;

import java.io.PrintWriter;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of one engine's run, drawn on the CLI's standard error so that the
 * table on standard output stays clean for scripts. Threads report in steps; the bar is
 * redrawn by its own thread a few times a second.
 */
final class Progress implements AutoCloseable {

	private final ProgressBar bar;

	Progress(PrintWriter err, String task, long total, int width) {
		this.bar = new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(total)
			.setStyle(ProgressBarStyle.ASCII)
			.setUpdateIntervalMillis(250)
			.setConsumer(new WriterConsumer(err, width))
			.build();
	}

	void phase(String name) {
		this.bar.setExtraMessage(name);
	}

	void advance(long steps) {
		if (steps > 0) {
			this.bar.stepBy(steps);
		}
	}

	@Override
	public void close() {
		this.bar.close();
	}

	/**
	 * Redraws the bar in place with a carriage return on the CLI's error writer. The
	 * library's own console consumer would write to {@code System.err} and ask jline for
	 * the terminal's width; this one writes where the CLI was told to, so in-process runs
	 * capture it too.
	 */
	private static final class WriterConsumer implements ProgressBarConsumer {

		private final PrintWriter err;

		private final int width;

		WriterConsumer(PrintWriter err, int width) {
			this.err = err;
			this.width = width;
		}

		@Override
		public int getMaxRenderedLength() {
			return this.width;
		}

		@Override
		public void accept(String rendered) {
			this.err.print('\r');
			this.err.print(rendered);
			this.err.flush();
		}

		@Override
		public void close() {
			this.err.println();
			this.err.flush();
		}

	}

}
