package dev.driverlab.web.api;

import dev.driverlab.web.http.NotOwnerException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The owner capability of a session: an HMAC of its id under a server secret, handed to whoever creates the session
 * (the browser keeps it) and asked for by what would change the session for everyone watching it (rewind, undo a
 * rewind). Nothing per session is stored; the secret is, once (table {@code server_secret}), so owners keep their
 * sessions across restarts. Anyone else in a shared session forks a copy instead.
 */
@Component
public class SessionOwners {
    /** The header that carries the capability. */
    public static final String HEADER = "X-Session-Owner";

    private static final String NAME = "session-owner";

    private final JdbcTemplate jdbc;
    private volatile byte[] secret;

    SessionOwners(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The capability for session {@code id}. */
    public String token(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            byte[] sum = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean owns(String id, String token) {
        return token != null
                && MessageDigest.isEqual(
                        token(id).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII));
    }

    /** Throws unless {@code token} is the owner capability of session {@code id}. */
    public void check(String id, String token, String what) {
        if (!owns(id, token)) {
            throw new NotOwnerException("only the owner of this session (the browser that started it) can " + what
                    + "; fork a copy to change its history");
        }
    }

    private byte[] secret() {
        byte[] s = secret;
        if (s != null) return s;
        synchronized (this) {
            if (secret == null) secret = Base64.getUrlDecoder().decode(load());
            return secret;
        }
    }

    private String load() {
        var found = jdbc.queryForList("SELECT secret FROM server_secret WHERE name = ?", String.class, NAME);
        if (!found.isEmpty()) return found.get(0);
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            jdbc.update(
                    "INSERT INTO server_secret (name, secret) VALUES (?, ?)",
                    NAME,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(fresh));
        } catch (DataIntegrityViolationException e) {
            // another server sharing the database stored one first: use theirs
        }
        return jdbc.queryForObject("SELECT secret FROM server_secret WHERE name = ?", String.class, NAME);
    }
}
