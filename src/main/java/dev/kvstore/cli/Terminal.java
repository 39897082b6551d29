package dev.kvstore.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The CLI's streams and environment, passed in rather than taken from {@link System}, so
 * tests can run the CLI in-process with their own stdin, stdout, stderr and variables.
 * Values go to {@link #rawOut()} byte for byte; text (keys, reports, messages) is written
 * as UTF-8, the encoding keys are stored in.
 */
final class Terminal {

	private final InputStream in;

	private final OutputStream out;

	private final PrintWriter outText;

	private final PrintWriter errText;

	private final Map<String, String> env;

	private BufferedReader lines;

	Terminal(InputStream in, OutputStream out, OutputStream err, Map<String, String> env) {
		this.in = in;
		this.out = out;
		this.outText = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
		this.errText = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8));
		this.env = Map.copyOf(env);
	}

	/**
	 * The process's own streams and environment. {@link System#in} rather than a stream
	 * of its file descriptor: that one's {@code readAllBytes} fails on a pipe.
	 */
	static Terminal system() {
		return new Terminal(System.in, System.out, System.err, System.getenv());
	}

	/** Standard input as bytes, for values. */
	InputStream in() {
		return this.in;
	}

	/** Standard input as lines of UTF-8 text, for the menu. */
	BufferedReader lines() {
		if (this.lines == null) {
			this.lines = new BufferedReader(new InputStreamReader(this.in, StandardCharsets.UTF_8));
		}
		return this.lines;
	}

	/** Standard output for bytes; text written so far is flushed first. */
	OutputStream rawOut() {
		this.outText.flush();
		return this.out;
	}

	PrintWriter out() {
		return this.outText;
	}

	PrintWriter err() {
		return this.errText;
	}

	/** An environment variable, or {@code null}. */
	String env(String name) {
		return this.env.get(name);
	}

	void flush() {
		this.outText.flush();
		this.errText.flush();
		try {
			this.out.flush();
		}
		catch (java.io.IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
