package dev.driverlab.web.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pages' import map: every ES module of static/js mapped from its plain URL to its fingerprinted one (Spring's
 * content-version strategy: {@code /js/lab/LabPage-<md5>.js}), so the relative imports between modules load
 * fingerprinted files too, which are cached for a year ({@code ImmutableResources}); and the bare specifiers of the
 * WebJars the modules import. Also each module's static import graph, for the pages'
 * {@code <link rel="modulepreload">}: a browser then fetches the whole graph at once instead of one level of imports
 * per round trip. Built once (the files do not change while the server runs).
 */
@Component
class ImportMap {
    /** A static import or re-export: {@code import x from '...'}, {@code import '...'}, {@code export {x} from '...'}. */
    private static final Pattern STATIC_IMPORT = Pattern.compile(
            "^\\s*(?:import|export)\\s+(?:[^'\";]*?\\s+from\\s+)?['\"]([^'\"]+)['\"]", Pattern.MULTILINE);

    private final ResourceUrlProvider urls;
    private volatile Built built;

    /** The map as JSON; each module's URL to the fingerprinted URLs of everything it imports, itself first. */
    private record Built(String json, Map<String, List<String>> preloads) {}

    ImportMap(ResourceUrlProvider urls) {
        this.urls = urls;
    }

    /** The map as JSON, safe inside a script element. */
    String json() {
        return built().json();
    }

    /**
     * For each module (by its plain URL, e.g. {@code /js/lab.js}): the fingerprinted URLs of the modules its static
     * imports reach, the module first, in the order a depth-first walk finds them (dynamic imports are left out:
     * they load when used).
     */
    Map<String, List<String>> preloads() {
        return built().preloads();
    }

    private Built built() {
        Built b = built;
        if (b == null) built = b = build();
        return b;
    }

    private Built build() {
        Map<String, String> imports = new TreeMap<>();
        Map<String, String> sources = new TreeMap<>();
        // our modules, and the files the stompjs module imports relatively (under its versioned directory)
        modules("classpath:/static/js/**/*.js", "/static", imports, sources);
        modules(
                "classpath*:/META-INF/resources/webjars/stomp__stompjs/*/esm6/**/*.js",
                "/META-INF/resources",
                imports,
                sources);
        Map<String, String> bare = new TreeMap<>();
        for (String path : sources.keySet()) {
            if (path.matches("/webjars/stomp__stompjs/[^/]+/esm6/index\\.js")) bare.put("@stomp/stompjs", path);
        }
        imports.put("@stomp/stompjs", versioned("/webjars/stomp__stompjs/esm6/index.js"));
        String json = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of("imports", imports))
                .replace("</", "<\\/");
        Map<String, List<String>> preloads = new TreeMap<>();
        for (String module : sources.keySet()) {
            List<String> reached = new ArrayList<>();
            for (String path : graph(module, sources, bare)) reached.add(imports.get(path));
            preloads.put(module, List.copyOf(reached));
        }
        return new Built(json, preloads);
    }

    /** The modules {@code entry} reaches by static imports, itself first. */
    private static Set<String> graph(String entry, Map<String, String> sources, Map<String, String> bare) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            String module = todo.pop();
            if (!seen.add(module)) continue;
            Matcher m = STATIC_IMPORT.matcher(sources.get(module));
            List<String> found = new ArrayList<>();
            while (m.find()) {
                String spec = m.group(1);
                String path = bare.containsKey(spec)
                        ? bare.get(spec)
                        : URI.create(module).resolve(spec).getPath();
                if (sources.containsKey(path)) found.add(path);
            }
            for (int i = found.size() - 1; i >= 0; i--) todo.push(found.get(i));
        }
        return seen;
    }

    private void modules(String pattern, String root, Map<String, String> imports, Map<String, String> sources) {
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(pattern)) {
                String url = r.getURL().toString();
                String path = url.substring(url.lastIndexOf(root + "/") + root.length());
                imports.put(path, versioned(path));
                sources.put(path, r.getContentAsString(StandardCharsets.UTF_8));
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
