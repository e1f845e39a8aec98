package dev.driverlab.web.page;

import dev.driverlab.engine.Program;
import dev.driverlab.engine.headers.KernelApi;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What the first visitor of a new server would otherwise wait for, done in the background once the server is ready
 * (health UP does not wait for it): the kernel prelude compiled (or loaded from the cache), which the first session
 * needs; the prelude's API, for the editor's first completion list; the pages' import map, which reads and
 * fingerprints every module. However the server is started (the jar, {@code spring-boot:run}, a test).
 */
@Component
class FirstVisitWarmUp {
    private final ImportMap importMap;

    FirstVisitWarmUp(ImportMap importMap) {
        this.importMap = importMap;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        Program.compileInBackground();
        daemon("kernel-api", KernelApi::prelude);
        daemon("import-map", importMap::json);
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) { // whoever asks for it first reports it
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }
}
