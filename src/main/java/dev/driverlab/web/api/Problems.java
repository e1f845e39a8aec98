package dev.driverlab.web.api;

import dev.driverlab.lang.CompileException;
import dev.driverlab.lang.Diagnostic;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.session.BadRequestException;
import dev.driverlab.session.BusyException;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.TooLargeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one place where our exceptions become RFC 9457 problems, for REST and STOMP alike. Each problem has a
 * stable {@code code} property a client can switch on; the 422s carry what an editor needs to underline the
 * mistake ({@code line}, {@code col}, the gcc-style {@code message}).
 */
public final class Problems {
    private Problems() {}

    /** The problem for {@code e}, or null when it is not a client error we know (then it is a 500). */
    public static ProblemDetail of(Throwable e) {
        if (e instanceof BadRequestException) return problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage());
        if (e instanceof NotFoundException) return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
        if (e instanceof TooLargeException) return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", e.getMessage());
        if (e instanceof RateLimitedException) {
            ProblemDetail p = problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", e.getMessage());
            p.setProperty("retryAfter", ((RateLimitedException) e).retryAfterSeconds());
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
        p.setProperty("message", e.format());
        List<Map<String, Object>> diagnostics = new ArrayList<>();
        for (Diagnostic d : e.diagnostics()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.file());
            m.put("line", d.line());
            m.put("col", d.col());
            m.put("message", d.message());
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

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setProperty("code", code);
        return p;
    }
}
