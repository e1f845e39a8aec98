package dev.driverlab.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.web.api.ApiClient;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SecurityHeadersTests {
    @LocalServerPort
    int port;

    static void assertSecurityHeaders(HttpResponse<String> r) {
        var h = r.headers();
        assertThat(h.firstValue("X-Content-Type-Options"))
                .as(r.uri().toString())
                .hasValue("nosniff");
        assertThat(h.firstValue("X-Frame-Options")).as(r.uri().toString()).hasValue("DENY");
        assertThat(h.firstValue("Referrer-Policy")).as(r.uri().toString()).hasValue("same-origin");
        assertThat(h.firstValue("Content-Security-Policy"))
                .as(r.uri().toString())
                .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'"));
    }

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        ApiClient api = new ApiClient(port);
        for (String path : List.of(
                "/",
                "/lab",
                "/api/scenarios",
                "/api/sessions/nope",
                "/no/such/page",
                "/css/driverlab.css",
                "/js/lab.js",
                "/v3/api-docs",
                "/swagger-ui/index.html",
                "/webjars/d3/dist/d3.min.js",
                "/actuator/health")) {
            assertSecurityHeaders(api.get(path));
        }
        assertThat(api.get("/api/scenarios").headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).startsWith("default-src 'none'"));
    }

    /** Swagger UI works under its policy: every script it loads is a same-origin file, none is inline. */
    @Test
    void swaggerUisPolicyAllowsTheScriptsItLoads() {
        ApiClient api = new ApiClient(port);
        HttpResponse<String> page = api.get("/swagger-ui/index.html");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").doesNotContain("script-src 'self' 'unsafe");
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page.body());
        int n = 0;
        while (scripts.find()) {
            Matcher src = Pattern.compile("src=\"([^\"]+)\"").matcher(scripts.group(1));
            assertThat(src.find()).as("no inline script: " + scripts.group()).isTrue();
            assertThat(src.group(1)).as("same origin").doesNotContain("//");
            HttpResponse<String> script = api.get("/swagger-ui/" + src.group(1).replaceFirst("^\\./", ""));
            assertThat(script.statusCode()).as(src.group(1)).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
            n++;
        }
        assertThat(n).isPositive();
        assertThat(api.get("/swagger-ui/swagger-initializer.js").body()).contains("/v3/api-docs");
    }
}
