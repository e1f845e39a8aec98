package dev.driverlab.web.api;

import dev.driverlab.web.http.Problems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /error}, where the servlet container sends what no handler answered: an unknown path with no handler, a
 * filter's {@code sendError}, an exception thrown outside Spring MVC. Always problem+json, whatever was asked.
 */
@Controller
class ProblemErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatusCode status = HttpStatusCode.valueOf(code instanceof Integer i && i >= 400 ? i : 500);
        Throwable thrown = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        ProblemDetail p = thrown == null ? null : Problems.of(thrown);
        if (p == null) {
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            String detail = status.value() == 404 && uri != null
                    ? "there is nothing at " + Quote.of(uri.toString())
                    : RequestErrors.generic(status);
            p = Problems.problem(status, detail);
        }
        if (p.getStatus() >= 500) {
            // The container has logged what was thrown; this says which request it was.
            log.error(
                    "{} for {}",
                    p.getStatus(),
                    Quote.of(String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))));
        } else {
            log.warn("{} {}: {}", p.getStatus(), p.getProperties().get("code"), p.getDetail());
        }
        response.resetBuffer();
        Problems.write(response, p);
    }
}
