package dev.driverlab.web.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.driverlab.engine.headers.KernelApi;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** /kernel-api, the page the editor's "kernel API" link opens: every name, by header, with its declaration. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class KernelApiPageTests {
    @LocalServerPort
    int port;

    @Test
    void thePageListsEveryNameByHeaderWithItsDeclaration() {
        try (Browser b = Browser.open(port)) {
            b.get("/lab/devm-irq-tasklet");
            b.waitReady();
            b.click("#tab-edit");
            assertThat(b.find(".api-link").getAttribute("href")).endsWith("/kernel-api");
            b.get("/kernel-api");
            assertThat((Long) b.js("return document.querySelectorAll('tbody tr').length;"))
                    .isEqualTo((long) KernelApi.prelude().entries().size());
            KernelApi.Entry kmalloc = KernelApi.prelude().entries().stream()
                    .filter(e -> e.name().equals("kmalloc"))
                    .findFirst()
                    .orElseThrow();
            String row = "#file-" + kmalloc.header().replaceAll("[^A-Za-z0-9]", "-") + "-kmalloc";
            assertThat(b.text(row + " td:nth-child(3)")).isEqualTo(kmalloc.prototype());
            assertThat(b.text("#file-" + kmalloc.header().replaceAll("[^A-Za-z0-9]", "-") + "-title"))
                    .isEqualTo("#include <" + kmalloc.header() + ">");
            assertThat(b.text(".notice")).contains("DMA mapping").contains("mmap");
            assertThat(b.driver().manage().logs().get("browser").getAll())
                    .as("no CSP or other console errors")
                    .noneMatch(l -> l.getLevel().intValue() >= Level.WARNING.intValue());
            b.screenshot("kernel-api-page");
        }
    }
}
