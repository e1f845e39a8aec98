package dev.driverlab.web.push;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.driverlab.session.InvalidRequest;
import dev.driverlab.session.SessionService;
import dev.driverlab.web.http.Budget;
import dev.driverlab.web.http.Problems;
import dev.driverlab.web.http.RateLimits;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.stereotype.Controller;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands sent over STOMP. They go through the same service as REST, so the same validation applies; the result
 * reaches everyone (the sender included) on the session's topic, and an error reaches only the sender, on
 * {@code /user/queue/errors}, as the problem REST would have answered. A {@code request-id} header on the SEND
 * frame is echoed in the error, so a client can tell which of its sends failed.
 */
@Controller
class CommandMessageController {
    private static final Logger log = LoggerFactory.getLogger(CommandMessageController.class);
    static final String REQUEST_ID = "request-id";
    private static final ObjectReader COMMANDS = JsonMapper.builder().build().readerFor(CommandsRequest.class);

    private final SessionService sessions;
    private final RateLimits limits;

    CommandMessageController(SessionService sessions, RateLimits limits) {
        this.sessions = sessions;
        this.limits = limits;
    }

    /**
     * Spends the same per-client budget as REST commands: a client gains nothing by switching transports. The body
     * is read here, with one reader made once, rather than through the message converters at every command.
     */
    @MessageMapping("/sessions/{id}/commands")
    void commands(@DestinationVariable String id, Message<?> message, SimpMessageHeaderAccessor headers) {
        Map<String, Object> attributes = headers.getSessionAttributes();
        Object client = attributes == null ? null : attributes.get(WebSocketConfiguration.CLIENT);
        limits.acquire(Budget.COMMANDS, client == null ? headers.getSessionId() : client.toString());
        CommandsRequest request = read(message.getPayload());
        if (request == null || request.commands() == null) {
            throw new InvalidRequest("send {\"commands\": [\"...\"]}");
        }
        sessions.send(id, request.commands());
    }

    /** The JSON body, or null if there is none; a body that is not a {@link CommandsRequest} is refused. */
    private static CommandsRequest read(Object payload) {
        byte[] body = payload instanceof byte[] b ? b : payload instanceof String t ? t.getBytes(UTF_8) : null;
        if (body == null || body.length == 0) return null;
        try {
            return COMMANDS.readValue(body);
        } catch (JacksonException e) {
            throw new MessageConversionException("Could not read JSON: " + e.getOriginalMessage(), e);
        }
    }

    @MessageExceptionHandler
    @SendToUser(destinations = "/queue/errors", broadcast = false)
    Map<String, Object> error(Exception e, Message<?> message) {
        ProblemDetail p = Problems.of(e);
        if (p == null && e instanceof MessageConversionException) {
            p = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST, "the message is not the JSON expected: " + e.getMessage());
            p.setProperty("code", "malformed-json");
        }
        if (p == null) {
            log.error("unexpected error handling a STOMP command", e);
            p = ProblemDetail.forStatusAndDetail(
                    HttpStatus.INTERNAL_SERVER_ERROR, "an internal error occurred; it has been logged");
            p.setProperty("code", "internal");
        }
        // problem+json's members, flat, as REST sends them (ProblemDetail itself would nest its properties).
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", p.getType() == null ? "about:blank" : p.getType().toString());
        body.put("title", p.getTitle());
        body.put("status", p.getStatus());
        body.put("detail", p.getDetail());
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.wrap(message);
        body.put("destination", headers.getDestination());
        String requestId = headers.getFirstNativeHeader(REQUEST_ID);
        if (requestId != null) body.put(REQUEST_ID, requestId);
        if (p.getProperties() != null) body.putAll(p.getProperties());
        return body;
    }
}
