package dev.driverlab.web.page;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A strict Content-Security-Policy on the pages: scripts only from this server, plus the one inline element a
 * page has, its import map, which carries a fresh nonce (browsers cannot load an import map from a file). No
 * inline handlers, no inline styles, no other origin: scenario text can never become script. It replaces the
 * policy {@link dev.driverlab.web.http.SecurityHeaders} gave every response (which sets the other headers).
 */
@Component
class ContentSecurityPolicy extends OncePerRequestFilter {
    static final String NONCE = "cspNonce";
    private final SecureRandom random = new SecureRandom();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/")
                || path.equals("/lab")
                || path.startsWith("/lab/")
                || path.startsWith("/s/")
                || path.startsWith("/sessions/")
                || path.equals("/kernel-api")
                || path.startsWith("/r/")
                || path.startsWith("/lessons/")
                || path.startsWith("/exercises/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        request.setAttribute(NONCE, nonce);
        response.setHeader(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self' 'nonce-" + nonce + "'; "
                        + "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                        + "form-action 'self'; frame-ancestors 'none'");
        chain.doFilter(request, response);
    }
}
