package dev.driverlab.web.lab;

import dev.driverlab.web.api.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The same problem+json as the session API (through {@link Problems}), for this package's endpoints. */
@RestControllerAdvice(basePackageClasses = LabApiExceptionHandler.class)
class LabApiExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(LabApiExceptionHandler.class);

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> problem(RuntimeException e) {
        ProblemDetail p = Problems.of(e);
        if (p == null) {
            log.error("unexpected error in a lab view", e);
            p = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    "an internal error occurred; it has been logged");
            p.setProperty("code", "internal");
        }
        return ResponseEntity.status(p.getStatus()).body(p);
    }
}
