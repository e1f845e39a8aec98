package dev.driverlab.web.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages' import map: every ES module of static/js mapped from its plain URL to its fingerprinted one (Spring's
 * content-version strategy: {@code /js/lab/LabPage-<md5>.js}), so the relative imports between modules load
 * fingerprinted files too, which are cached for a year ({@code ImmutableResources}); and the bare specifiers of the
 * WebJars the modules import. Built once (the files do not change while the server runs).
 */
@Component
class ImportMap {
    private final ResourceUrlProvider urls;
    private volatile String json;

    ImportMap(ResourceUrlProvider urls) {
        this.urls = urls;
    }

    /** The map as JSON, safe inside a script element. */
    String json() {
        String j = json;
        if (j == null) json = j = build();
        return j;
    }

    private String build() {
        Map<String, String> imports = new TreeMap<>();
        imports.put("@stomp/stompjs", versioned("/webjars/stomp__stompjs/esm6/index.js"));
        // our modules, and the files the stompjs module imports relatively (under its versioned directory)
        modules("classpath:/static/js/**/*.js", "/static", imports);
        modules("classpath*:/META-INF/resources/webjars/stomp__stompjs/*/esm6/**/*.js", "/META-INF/resources", imports);
        return JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("imports", imports))
                .replace("</", "<\\/");
    }

    private void modules(String pattern, String root, Map<String, String> imports) {
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(pattern)) {
                String url = r.getURL().toString();
                String path = url.substring(url.lastIndexOf(root + "/") + root.length());
                imports.put(path, versioned(path));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String versioned(String path) {
        String v = urls.getForLookupPath(path);
        return v == null ? path : v;
    }
}
