package dev.kvstore.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for the service's few answers (a page of keys, a compaction report,
 * a problem detail). A JSON library would be most of the CLI jar and of its start-up
 * time; this is enough. Objects become {@link Map}s, arrays {@link List}s, numbers
 * {@link BigDecimal}s.
 */
final class Json {

	private final String text;

	private int pos;

	private Json(String text) {
		this.text = text;
	}

	/**
	 * Parses one JSON value.
	 * @throws IllegalArgumentException if the text is not JSON
	 */
	static Object parse(String text) {
		Json json = new Json(text);
		Object value = json.value();
		json.skipSpace();
		if (json.pos != text.length()) {
			throw json.error("trailing characters");
		}
		return value;
	}

	private Object value() {
		skipSpace();
		char c = peek();
		switch (c) {
			case '{':
				return object();
			case '[':
				return array();
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Map<String, Object> object() {
		Map<String, Object> object = new LinkedHashMap<>();
		this.pos++;
		skipSpace();
		if (peek() == '}') {
			this.pos++;
			return object;
		}
		do {
			skipSpace();
			String name = string();
			skipSpace();
			expect(':');
			object.put(name, value());
			skipSpace();
		}
		while (next() == ',');
		this.pos--;
		expect('}');
		return object;
	}

	private List<Object> array() {
		List<Object> array = new ArrayList<>();
		this.pos++;
		skipSpace();
		if (peek() == ']') {
			this.pos++;
			return array;
		}
		do {
			array.add(value());
			skipSpace();
		}
		while (next() == ',');
		this.pos--;
		expect(']');
		return array;
	}

	private String string() {
		expect('"');
		StringBuilder string = new StringBuilder();
		for (char c = next(); c != '"'; c = next()) {
			if (c != '\\') {
				string.append(c);
				continue;
			}
			char escaped = next();
			switch (escaped) {
				case 'b' -> string.append('\b');
				case 'f' -> string.append('\f');
				case 'n' -> string.append('\n');
				case 'r' -> string.append('\r');
				case 't' -> string.append('\t');
				case 'u' -> {
					if (this.pos + 4 > this.text.length()) {
						throw error("short \\u escape");
					}
					string.append((char) Integer.parseInt(this.text.substring(this.pos, this.pos + 4), 16));
					this.pos += 4;
				}
				default -> string.append(escaped);
			}
		}
		return string.toString();
	}

	private BigDecimal number() {
		int start = this.pos;
		while (this.pos < this.text.length() && "+-0123456789.eE".indexOf(this.text.charAt(this.pos)) >= 0) {
			this.pos++;
		}
		try {
			return new BigDecimal(this.text.substring(start, this.pos));
		}
		catch (NumberFormatException ex) {
			throw error("not a JSON value");
		}
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error("not a JSON value");
		}
		this.pos += word.length();
		return value;
	}

	private void skipSpace() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

	private char peek() {
		if (this.pos >= this.text.length()) {
			throw error("unexpected end");
		}
		return this.text.charAt(this.pos);
	}

	private char next() {
		char c = peek();
		this.pos++;
		return c;
	}

	private void expect(char c) {
		if (next() != c) {
			throw error("expected '" + c + "'");
		}
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("malformed JSON at " + this.pos + ": " + what);
	}

}
