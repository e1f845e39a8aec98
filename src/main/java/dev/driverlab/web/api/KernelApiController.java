package dev.driverlab.web.api;

import dev.driverlab.engine.headers.KernelApi;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a driver can use from the simulated kernel, read from the prelude's headers once (the editor completes these
 * names): at the first request, or before it by the background warm-up the server starts once it is ready (parsing
 * the prelude is not on the way to ready). The list only changes with the server, so a client revalidates by ETag.
 */
@RestController
@Tag(name = "kernel", description = "The simulated kernel's API surface")
class KernelApiController {
    /** One name a driver can use: kind is function, macro, type, constant or variable. */
    record ApiEntry(String name, String prototype, String header, String kind) {}

    private record Listing(List<ApiEntry> entries, String etag) {}

    private volatile Listing listing;

    private Listing listing() {
        Listing l = listing;
        if (l == null) {
            List<ApiEntry> entries = KernelApi.prelude().entries().stream()
                    .map(e -> new ApiEntry(
                            e.name(), e.prototype(), e.header(), e.kind().label()))
                    .toList();
            // weak: Tomcat compresses no response with a strong ETag (gzip changes the bytes it would name)
            l = new Listing(entries, "W/\"" + Integer.toHexString(entries.hashCode()) + "\"");
            listing = l; // two first requests at once compute the same list twice, harmlessly
        }
        return l;
    }

    @GetMapping("/api/kernel/api")
    @Operation(
            summary = "Every function, macro, type, constant and variable the simulated kernel's headers "
                    + "declare (and the functions its sources export), with prototypes, in header order")
    ResponseEntity<List<ApiEntry>> api() {
        Listing l = listing();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noCache())
                .eTag(l.etag())
                .body(l.entries());
    }
}
