package dev.driverlab.web.page;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page template may use: the CSP nonce of its import map, and the map itself. */
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

    @ModelAttribute(ContentSecurityPolicy.NONCE)
    String cspNonce(HttpServletRequest request) {
        Object nonce = request.getAttribute(ContentSecurityPolicy.NONCE);
        return nonce == null ? "" : nonce.toString();
    }
}
