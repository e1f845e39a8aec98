package dev.driverlab.web.page;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page template may use: the CSP nonce of its import map, the map itself, and the modules to preload. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {
    private final ImportMap importMap;

    PageModel(ImportMap importMap) {
        this.importMap = importMap;
    }

    @ModelAttribute("importMap")
    String importMap() {
        return importMap.json();
    }

    /** Per module, what to {@code <link rel="modulepreload">}: its whole static import graph, fingerprinted. */
    @ModelAttribute("modulePreloads")
    Map<String, List<String>> modulePreloads() {
        return importMap.preloads();
    }

    @ModelAttribute(ContentSecurityPolicy.NONCE)
    String cspNonce(HttpServletRequest request) {
        Object nonce = request.getAttribute(ContentSecurityPolicy.NONCE);
        return nonce == null ? "" : nonce.toString();
    }
}
