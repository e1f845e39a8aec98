package dev.driverlab.web.api;

import dev.driverlab.web.http.Problems;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * What the user did wrong, in their terms, for the exceptions Spring MVC raises before a handler runs: the wrong
 * method, media type, query parameter or path segment, a body that is not the JSON expected, a failed
 * validation. Spring's own messages name Java types and handler methods; these name the request's parts.
 */
final class RequestErrors {
    private RequestErrors() {}

    static ProblemDetail describe(Exception ex, HttpStatusCode status, String method, String path) {
        if (ex instanceof HttpRequestMethodNotSupportedException e) {
            String allowed = e.getSupportedHttpMethods() == null
                    ? "none"
                    : e.getSupportedHttpMethods().stream()
                            .map(Object::toString)
                            .sorted()
                            .collect(Collectors.joining(", "));
            return Problems.problem(status, method + " is not allowed on " + path + " (allowed: " + allowed + ")");
        }
        if (ex instanceof HttpMediaTypeNotSupportedException e) {
            String sent = e.getContentType() == null ? "no Content-Type" : "Content-Type " + e.getContentType();
            return Problems.problem(status, "the body must be " + types(e.getSupportedMediaTypes()) + ", not " + sent);
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException e) {
            return Problems.problem(
                    status,
                    "this endpoint answers " + types(e.getSupportedMediaTypes())
                            + ", which the request's Accept header does not allow");
        }
        if (ex instanceof MissingServletRequestParameterException e) {
            return Problems.problem(status, "query parameter '" + e.getParameterName() + "' is required");
        }
        if (ex instanceof TypeMismatchException e) return mismatch(e, status);
        if (ex instanceof MethodArgumentNotValidException e) {
            List<String> errors = e.getBindingResult().getFieldErrors().stream()
                    .map(f -> f.getField() + " " + f.getDefaultMessage())
                    .toList();
            if (errors.isEmpty()) {
                errors = e.getBindingResult().getGlobalErrors().stream()
                        .map(g -> g.getDefaultMessage())
                        .toList();
            }
            return Problems.problem(status, "invalid", "invalid request body: " + String.join("; ", errors));
        }
        if (ex instanceof HandlerMethodValidationException e) {
            List<String> errors = e.getParameterValidationResults().stream()
                    .flatMap(r -> r.getResolvableErrors().stream()
                            .map(err -> name(r.getMethodParameter()) + " " + err.getDefaultMessage()))
                    .toList();
            return Problems.problem(status, "invalid", "invalid request: " + String.join("; ", errors));
        }
        if (ex instanceof HttpMessageNotReadableException e) return body(e, status);
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return Problems.problem(status, "there is nothing at " + method + " " + Quote.of(path));
        }
        if (ex instanceof AsyncRequestTimeoutException) {
            return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "the request took too long; try again");
        }
        if (ex instanceof ResponseStatusException e && e.getReason() != null) {
            return Problems.problem(status, e.getReason()); // our own page controllers' words
        }
        return Problems.problem(status, generic(status));
    }

    /** The sentence for a status when nothing more is known: the status's own reason phrase. */
    static String generic(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String reason =
                known == null ? "the request failed" : known.getReasonPhrase().toLowerCase();
        return status.is5xxServerError() ? "an internal error occurred; it has been logged" : reason;
    }

    private static ProblemDetail mismatch(TypeMismatchException e, HttpStatusCode status) {
        String name = e.getPropertyName();
        String what = "'" + name + "'";
        if (e instanceof MethodArgumentTypeMismatchException m) {
            name = m.getName();
            what = m.getParameter().hasParameterAnnotation(PathVariable.class)
                    ? "path segment '" + name + "'"
                    : "query parameter '" + name + "'";
        }
        String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
        return Problems.problem(
                status,
                "'" + Quote.of(value) + "' is not a valid " + what + ": expected " + expected(e.getRequiredType()));
    }

    /** A body that is not JSON, or not the JSON expected: where and what was expected. */
    private static ProblemDetail body(HttpMessageNotReadableException e, HttpStatusCode status) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodySizeFilter.BodyTooLargeException) {
                return Problems.problem(HttpStatus.CONTENT_TOO_LARGE, t.getMessage());
            }
            ProblemDetail ours = Problems.of(t);
            if (ours != null) return ours; // a request record's own check, run while the body was read
        }
        Throwable cause = e.getCause();
        if (cause instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return Problems.problem(
                    status, "malformed-json", "at " + path(m) + ": expected " + expected(m.getTargetType()));
        }
        if (cause instanceof JacksonException j) {
            String what =
                    j.getOriginalMessage() == null ? "" : j.getOriginalMessage().split("\n", 2)[0];
            int colon = what.indexOf(": ");
            if (colon > 0) what = what.substring(0, colon);
            TokenStreamLocation at = j.getLocation();
            String where = at == null || at.getLineNr() < 1
                    ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return Problems.problem(
                    status, "malformed-json", "the body is not the JSON this endpoint expects: " + what + where);
        }
        return Problems.problem(
                status,
                "malformed-json",
                cause == null ? "the request needs a JSON body" : "the body is not the JSON this endpoint expects");
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null)
                sb.append(sb.length() == 0 ? "" : ".").append(r.getPropertyName());
            else if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
        }
        return sb.length() == 0 ? "the top level" : "\"" + sb + "\"";
    }

    /** A Java type as a JSON or URL user knows it. */
    static String expected(Class<?> type) {
        if (type == null) return "another value";
        if (type == Long.class
                || type == long.class
                || type == Integer.class
                || type == int.class
                || type == Short.class
                || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum() || Temporal.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) return "a list";
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) return "an object";
        return "another value";
    }

    private static String name(MethodParameter p) {
        return p.getParameterName() == null ? "a parameter" : "'" + p.getParameterName() + "'";
    }

    private static String types(List<MediaType> types) {
        return types == null || types.isEmpty()
                ? "another media type"
                : types.stream().map(MediaType::toString).collect(Collectors.joining(" or "));
    }
}
