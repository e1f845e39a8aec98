package dev.driverlab.web.http;

import dev.driverlab.lang.CompileException;
import dev.driverlab.lang.Diagnostic;
import dev.driverlab.room.RoomGoneException;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.session.BusyException;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.LimitExceeded;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place where errors become RFC 9457 problems, for REST, STOMP and the errors Tomcat answers itself. Each
 * problem has a stable {@code code} property a client can switch on ({@link #code}: one per HTTP status, or a
 * finer one for our own exceptions); the 422s carry what an editor needs to underline the mistake ({@code line},
 * {@code col}, the gcc-style {@code message}). No detail names a Java class: {@link #scrub} is the last guard.
 */
public final class Problems {
    /**
     * A qualified Java name (package segments, then a class, perhaps a member and a source position), with the
     * {@code ": "} an exception's toString puts after it.
     */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:java|javax|jakarta|jdk|sun|com|org|net|tools|dev)(?:\\.[a-z_][a-z0-9_]*)+\\.[A-Z][\\w$]*"
                    + "(?:\\.[\\w$<>]+)*(?:\\([^)]*\\))?(?::\\s?)?");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** The problem for {@code e}, or null when it is not a client error we know (then it is a 500). */
    public static ProblemDetail of(Throwable e) {
        if (e instanceof InvalidRequest) return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
        if (e instanceof NotOwnerException) return problem(HttpStatus.FORBIDDEN, "not-owner", e.getMessage());
        if (e instanceof NotFoundException) return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
        if (e instanceof RoomGoneException g) return problem(HttpStatus.GONE, g.code(), e.getMessage());
        if (e instanceof LimitExceeded) return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", e.getMessage());
        if (e instanceof RetryLaterException r) {
            ProblemDetail p = problem(r.status(), r.code(), e.getMessage());
            p.setProperty("retryAfter", r.retryAfterSeconds());
            return p;
        }
        if (e instanceof RefusedException) {
            ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, ((RefusedException) e).code(), e.getMessage());
            int line = ((RefusedException) e).line();
            if (line > 0) p.setProperty("line", line);
            return p;
        }
        if (e instanceof BusyException) {
            ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", e.getMessage());
            p.setProperty("retryAfter", 1);
            return p;
        }
        if (e instanceof ScenarioException) return scenario((ScenarioException) e);
        if (e instanceof CompileException) return compile((CompileException) e);
        return null;
    }

    private static ProblemDetail scenario(ScenarioException e) {
        // Script lines and scenario files share this exception; the file name says which one it was.
        String code = "commands".equals(e.file()) ? "script-error" : "scenario-error";
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, code, e.getMessage());
        p.setProperty("message", e.getMessage());
        p.setProperty("file", e.file());
        if (e.line() > 0) p.setProperty("line", e.line());
        return p;
    }

    private static ProblemDetail compile(CompileException e) {
        ProblemDetail p = problem(HttpStatus.UNPROCESSABLE_CONTENT, "compile-error", e.getMessage());
        p.setProperty("message", scrub(e.format()));
        List<Map<String, Object>> diagnostics = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.file());
            m.put("line", d.line());
            m.put("col", d.col());
            m.put("message", scrub(d.message()));
            diagnostics.add(m);
        }
        p.setProperty("diagnostics", diagnostics);
        if (!e.diagnostics().isEmpty()) {
            Diagnostic first = e.diagnostics().get(0);
            p.setProperty("file", first.file());
            p.setProperty("line", first.line());
            p.setProperty("col", first.col());
        }
        return p;
    }

    public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, scrub(detail));
        p.setProperty("code", code);
        return p;
    }

    /** A problem with the status's own code. */
    public static ProblemDetail problem(HttpStatusCode status, String detail) {
        return problem(status, code(status), detail);
    }

    /** The stable code of a status, for problems that have no finer one. */
    public static String code(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 410 -> "gone";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 408 -> "timeout";
            case 413 -> "too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 422 -> "refused";
            case 429 -> "rate-limited";
            case 431 -> "headers-too-large";
            case 500 -> "internal";
            case 503 -> "busy";
            default -> "http-" + status.value();
        };
    }

    /** {@code text} without the Java names an exception's message may carry. */
    public static String scrub(String text) {
        return text == null ? null : JAVA_NAME.matcher(text).replaceAll("").strip();
    }

    /** problem+json's members, flat (ProblemDetail itself would nest its properties), as every transport sends. */
    public static Map<String, Object> members(ProblemDetail p) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.getType() == null ? "about:blank" : p.getType().toString());
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        if (p.getInstance() != null) body.put("instance", p.getInstance().toString());
        if (p.getProperties() != null) body.putAll(p.getProperties());
        return body;
    }

    /** Writes {@code p} as the whole response, where no message converter is at hand (filters, Tomcat). */
    public static void write(HttpServletResponse response, ProblemDetail p) throws IOException {
        response.setStatus(p.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Object retryAfter = p.getProperties() == null ? null : p.getProperties().get("retryAfter");
        if (retryAfter != null) response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        byte[] body = JSON.writeValueAsBytes(members(p));
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
