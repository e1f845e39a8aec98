package dev.driverlab.web.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Spends a token of the handler's {@link RateLimited} budget before it runs, for the API and the pages alike (the
 * share page costs what its API twin does). Refused requests never reach the handler.
 */
@Component
class RateLimitInterceptor implements HandlerInterceptor {
    private final RateLimits limits;

    RateLimitInterceptor(RateLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method) {
            RateLimited limited = method.getMethodAnnotation(RateLimited.class);
            if (limited != null) limits.acquire(limited.value(), request.getRemoteAddr());
        }
        return true;
    }
}
