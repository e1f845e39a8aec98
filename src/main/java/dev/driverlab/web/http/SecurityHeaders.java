package dev.driverlab.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The security headers of every response (API JSON, errors, static files, Swagger UI; the pages replace the CSP
 * with their nonce'd one, see {@code page.ContentSecurityPolicy}): no MIME sniffing, no framing, no referrer to
 * other sites, and a Content-Security-Policy. JSON gets the strictest one ({@code default-src 'none'}): a browser
 * that opens an API response renders nothing active. Swagger UI loads its scripts and styles from this server but
 * styles elements inline and draws icons from data: URIs, so its policy allows exactly that.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeaders extends OncePerRequestFilter {
    public static final String CSP = "Content-Security-Policy";
    static final String NONE = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    static final String SWAGGER_UI = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** Style sheets, scripts, images: they load nothing themselves except what the page's policy allows. */
    static final String STATIC = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false; // a response reset for an error page loses its headers: set them again
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        apply(
                response,
                policy(request.getRequestURI()
                        .substring(request.getContextPath().length())));
        chain.doFilter(request, response);
    }

    static String policy(String path) {
        if (path.startsWith("/swagger-ui")) return SWAGGER_UI;
        if (path.startsWith("/api/")
                || path.startsWith("/v3/api-docs")
                || path.startsWith("/actuator")
                || path.equals("/error")) {
            return NONE;
        }
        return STATIC;
    }

    /** Sets the headers on {@code response}; for responses made outside the filter chain (Tomcat's errors). */
    public static void apply(HttpServletResponse response, String policy) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader(CSP, policy);
    }

    public static void applyStrict(HttpServletResponse response) {
        apply(response, NONE);
    }
}
