package dev.kvstore.web;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's report of an error it answers itself, as a problem detail instead of an HTML
 * page: the status and its reason, never a stack trace or server information.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String reason = (status < 500) ? "Bad request" : "Internal error";
		String type = (status < 500) ? "bad-request" : "internal-error";
		String json = "{\"type\":\"urn:kvstore:problem:" + type + "\",\"title\":\"" + reason + "\",\"status\":" + status
				+ ",\"detail\":\"the server refused the request before reading it\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding("UTF-8");
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(json);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response was committed meanwhile: nothing to tell
		}
	}

}
