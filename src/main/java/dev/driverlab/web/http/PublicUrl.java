package dev.driverlab.web.http;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The links the server hands out (share links, self-contained links), built from {@code driverlab.public-url}
 * (say {@code https://lab.example.org}) or, when it is not set, relative to the server's root ({@code /s/abc}),
 * which a browser resolves against the address it used. Never from a request's {@code Host} header: whoever sends
 * the request chooses that, and a link built from it would point wherever they like.
 */
@Component
public class PublicUrl {
    private final String base;

    PublicUrl(@Value("${driverlab.public-url:}") String configured) {
        this.base = normalize(configured);
    }

    static String normalize(String configured) {
        if (configured == null || configured.isBlank()) return "";
        URI uri = URI.create(configured.strip());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("driverlab.public-url must be an http(s) address with no query or "
                    + "fragment, such as https://lab.example.org, not '" + configured + "'");
        }
        return uri.toString().replaceAll("/+$", "");
    }

    /** {@code path} (starting with '/') on the public address, or as it is when none is configured. */
    public String of(String path) {
        return base + path;
    }
}
