package dev.driverlab.web.api;

import dev.driverlab.lang.CompileException;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.session.BadRequestException;
import dev.driverlab.session.BusyException;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.TooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * problem+json for every error of the API. Spring MVC's own exceptions (malformed JSON, a wrong type in a query
 * parameter, a failed {@code @Valid}) come out as 400s through the base class; ours through {@link Problems}.
 * Anything else is a bug: logged with its stack trace here, answered with a plain 500 that shows none.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({BadRequestException.class, NotFoundException.class, TooLargeException.class,
            RefusedException.class, RateLimitedException.class, ScenarioException.class, CompileException.class,
            BusyException.class})
    ResponseEntity<ProblemDetail> known(RuntimeException e) {
        ProblemDetail p = Problems.of(e);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(p.getStatus());
        if (p.getProperties() != null && p.getProperties().get("retryAfter") instanceof Number n) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(n.longValue()));
        }
        return response.body(p);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected error in the API", e);
        return ResponseEntity.internalServerError().body(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal", "an internal error occurred; it has been logged"));
    }

    /** A body cut off by {@link BodySizeFilter} surfaces here, wrapped by the JSON reader: it is a 413, not a 400. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodySizeFilter.BodyTooLargeException) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(Problems.problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", t.getMessage()));
            }
        }
        ProblemDetail p = Problems.problem(HttpStatus.BAD_REQUEST, "malformed-json",
                "the request body is not the JSON this endpoint expects: " + rootMessage(ex));
        return handleExceptionInternal(ex, p, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl); // Jackson appends a source excerpt on later lines
    }
}
