package dev.driverlab.web.api;

import dev.driverlab.share.FragmentCodec;
import dev.driverlab.share.ShareContent;
import dev.driverlab.share.ShareService;
import dev.driverlab.share.StoredShare;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.PublicUrl;
import dev.driverlab.web.http.RateLimited;
import dev.driverlab.web.wire.SpecDto;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "shares", description = "Share links: stored (/s/{id}) or self-contained (/lab#z=...)")
class ShareController {
    private final ShareService shares;
    private final PublicUrl publicUrl;

    ShareController(ShareService shares, PublicUrl publicUrl) {
        this.shares = shares;
        this.publicUrl = publicUrl;
    }

    @PostMapping("/api/shares")
    @RateLimited(Budget.CREATE)
    @Operation(summary = "Store a session (or a scenario with commands) as an immutable link")
    ResponseEntity<ShareResponse> create(@RequestBody ShareRequest request) {
        StoredShare stored = shares.store(content(request));
        String id = stored.id();
        return ResponseEntity.created(URI.create("/api/shares/" + id))
                .body(new ShareResponse(
                        id, absolute("/s/" + id), absolute("/lab#z=" + FragmentCodec.encode(stored.content()))));
    }

    @GetMapping("/api/shares/{id}")
    @RateLimited(Budget.LOOKUP)
    @Operation(summary = "What a stored link opens: scenario, commands, step")
    ShareView get(@PathVariable String id) {
        return ShareView.of(shares.find(id), absolute("/s/" + id));
    }

    @PostMapping("/api/links")
    @RateLimited(Budget.LINK)
    @Operation(summary = "A self-contained /lab#z= link, stored nowhere")
    LinkResponse link(@RequestBody ShareRequest request) {
        String z = FragmentCodec.encode(shares.check(content(request)));
        return new LinkResponse(z, absolute("/lab#z=" + z));
    }

    @PostMapping("/api/links/decode")
    @RateLimited(Budget.LINK)
    @Operation(summary = "What a #z= payload carries (the browser decodes it itself; this is for scripts)")
    SpecDto.LinkDto decode(@Valid @RequestBody DecodeRequest request) {
        return SpecDto.LinkDto.of(FragmentCodec.decode(request.z()));
    }

    private ShareContent content(ShareRequest request) {
        return request.fromSession() ? shares.ofSession(request.sessionId(), request.step()) : request.content();
    }

    private String absolute(String path) {
        return publicUrl.of(path);
    }
}
