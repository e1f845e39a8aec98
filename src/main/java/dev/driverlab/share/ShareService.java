package dev.driverlab.share;

import dev.driverlab.session.History;
import dev.driverlab.session.NotFoundException;
import dev.driverlab.session.RefusedException;
import dev.driverlab.session.ScenarioSpec;
import dev.driverlab.session.Session;
import dev.driverlab.session.SessionService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes and reads share links. Content is replayed before it is stored or encoded, so a link never carries a
 * scenario that does not compile or commands that do not apply, and the stored history is the normalised one
 * (comments and blank lines dropped).
 */
@Service
public class ShareService {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    /** Ten base64url characters: 60 random bits, short enough to read out in a workshop. */
    static final int ID_LENGTH = 10;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{" + ID_LENGTH + "}");

    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final Shares shares;
    private final SessionService sessions;

    ShareService(Shares shares, SessionService sessions) {
        this.shares = shares;
        this.sessions = sessions;
    }

    /** The content of a live session: its scenario and history, at {@code step} (default: where it is now). */
    public ShareContent ofSession(String sessionId, Long step) {
        return sessions.read(
                sessionId,
                s -> ShareContent.of(
                        s.spec(),
                        s.history(),
                        step != null ? step : s.engine().machine().steps()));
    }

    /** Checks {@code content} by replaying it and returns it normalised; throws as session creation does. */
    public ShareContent check(ShareContent content) {
        ScenarioSpec spec = content.spec();
        Session replayed = sessions.replayDetached(spec, content.history());
        long steps = replayed.engine().machine().steps();
        if (content.step() != null && (content.step() < 0 || content.step() > steps)) {
            throw new RefusedException(
                    "step " + content.step() + " is outside the shared session's steps (0.." + steps + ")");
        }
        return ShareContent.of(spec, replayed.history(), content.step());
    }

    /** Checks {@code content} and stores it, normalised, under a new id. */
    public StoredShare store(ShareContent content) {
        ShareContent checked = check(content);
        String spec = json.writeValueAsString(checked.spec());
        String history = json.writeValueAsString(checked.history());
        while (true) {
            String id = newId();
            if (shares.existsById(id)) continue; // 2^60 ids: a clash is astronomically rare, but cheap to rule out
            Share saved = shares.save(Share.created(id, spec, history, checked.step(), clock.instant()));
            return new StoredShare(id, checked, saved.createdAt());
        }
    }

    public StoredShare find(String id) {
        Share s = (ID.matcher(id).matches() ? shares.findById(id) : Optional.<Share>empty())
                .orElseThrow(() -> new NotFoundException("no share '" + id + "'"));
        ShareContent content = ShareContent.of(
                json.readValue(s.spec(), ScenarioSpec.class), json.readValue(s.history(), History.class), s.step());
        return new StoredShare(s.getId(), content, s.createdAt());
    }

    private String newId() {
        StringBuilder sb = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        return sb.toString();
    }
}
