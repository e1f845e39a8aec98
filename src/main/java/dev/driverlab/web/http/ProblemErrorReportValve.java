package dev.driverlab.web.http;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error page, replaced: a request Tomcat refuses before any servlet runs (a URL it cannot decode, a
 * {@code %00}, headers over the limit) gets the same problem+json, with the same security headers, as everything
 * else, not Tomcat's HTML page with its version in it. Installed as the host's error report valve by
 * {@link TomcatErrors}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable thrown) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
        try {
            response.resetBuffer();
            SecurityHeaders.applyStrict(response);
            Problems.write(response, Problems.problem(HttpStatusCode.valueOf(status), detail(status)));
        } catch (IOException | IllegalStateException e) {
            // The client has gone or the response was half written: nothing more can be said to it.
        }
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "the request could not be read: its URL, its encoding or its headers are malformed";
            case 404 -> "there is nothing at this address";
            case 408 -> "the request was not received in time";
            case 413 -> "the request is too large";
            case 414 -> "the URL is too long";
            case 431 -> "the request's headers are too large";
            case 501 -> "this method is not supported";
            case 505 -> "this HTTP version is not supported";
            default -> status >= 500 ? "an internal error occurred; it has been logged" : "the request was refused";
        };
    }
}
