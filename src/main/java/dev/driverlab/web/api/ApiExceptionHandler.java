package dev.driverlab.web.api;

import dev.driverlab.lang.CompileException;
import dev.driverlab.room.RoomGoneException;
import dev.driverlab.scenario.ScenarioException;
import dev.driverlab.session.BusyException;
import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.LimitExceeded;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import dev.driverlab.web.http.NotOwnerException;
import dev.driverlab.web.http.Problems;
import dev.driverlab.web.http.RetryLaterException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * problem+json for every error of every handler (API, lab views, pages): ours through {@link Problems}, Spring
 * MVC's own (wrong method, media type, parameter, body, validation) through {@link RequestErrors}, in the user's
 * terms. A client's mistake is logged at WARN in one line; anything else is a bug, logged with its stack trace at
 * ERROR and answered with a 500 that shows none. Errors outside any handler reach {@code /error}
 * ({@link ProblemErrorController}) or, when Tomcat refuses a request itself, {@code ProblemErrorReportValve}.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler({
        InvalidRequest.class,
        NotFoundException.class,
        RoomGoneException.class,
        LimitExceeded.class,
        RefusedException.class,
        RetryLaterException.class,
        ScenarioException.class,
        CompileException.class,
        BusyException.class,
        NotOwnerException.class
    })
    ResponseEntity<Object> known(RuntimeException e, NativeWebRequest request) {
        return respond(Problems.of(e), new HttpHeaders(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, NativeWebRequest request) {
        log.error("unexpected error in {}", where(request), e);
        return respond(
                Problems.problem(
                        HttpStatus.INTERNAL_SERVER_ERROR, RequestErrors.generic(HttpStatus.INTERNAL_SERVER_ERROR)),
                new HttpHeaders(),
                request);
    }

    /** Every Spring MVC exception the base class knows comes through here, with our detail instead of Spring's. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        HttpServletRequest http = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        ProblemDetail p = RequestErrors.describe(ex, status, http.getMethod(), http.getRequestURI());
        if (p.getStatus() >= 500) log.error("error in {}", where(request), ex);
        return respond(p, headers, request);
    }

    private ResponseEntity<Object> respond(ProblemDetail p, HttpHeaders given, WebRequest request) {
        if (p.getStatus() < 500)
            log.warn("{} {} in {}: {}", p.getStatus(), p.getProperties().get("code"), where(request), p.getDetail());
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(given); // Allow (405), Accept (415): Spring's, and read-only
        Object retryAfter = p.getProperties().get("retryAfter");
        if (retryAfter != null) headers.set(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        // Always problem+json, whatever the Accept header asked for: an error has no other form.
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(p.getStatus()).headers(headers).body(Problems.members(p));
    }

    private static String where(WebRequest request) {
        HttpServletRequest http = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        return http == null ? "a request" : http.getMethod() + " " + Quote.of(http.getRequestURI());
    }
}
