package dev.driverlab.web.page;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page template may use: the CSP nonce of its import map. */
@ControllerAdvice(basePackageClasses = PageModel.class)
class PageModel {

    @ModelAttribute(ContentSecurityPolicy.NONCE)
    String cspNonce(HttpServletRequest request) {
        Object nonce = request.getAttribute(ContentSecurityPolicy.NONCE);
        return nonce == null ? "" : nonce.toString();
    }
}
