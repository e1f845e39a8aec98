package dev.driverlab.web.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Fingerprinted static files ({@code name-<md5 of the content>.ext}, Spring's content-version strategy, which the
 * pages and their import map link to) never change under their URL: cached for a year, {@code immutable}, so a
 * repeat visit asks for none of them. Plain URLs keep the configured {@code no-cache} (revalidated by ETag).
 */
@Component
class ImmutableResources extends OncePerRequestFilter {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final Pattern FINGERPRINTED = Pattern.compile("^/(js|css|webjars)/.*-[0-9a-f]{32}\\.[a-z0-9]+$");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !FINGERPRINTED.matcher(request.getRequestURI()).matches();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Cache-Control", IMMUTABLE);
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!isCacheControl(name) || getStatus() >= 400) super.setHeader(name, value);
            }

            @Override
            public void addHeader(String name, String value) {
                if (!isCacheControl(name) || getStatus() >= 400) super.addHeader(name, value);
            }
        });
    }

    private static boolean isCacheControl(String name) {
        return "Cache-Control".equalsIgnoreCase(name);
    }
}
