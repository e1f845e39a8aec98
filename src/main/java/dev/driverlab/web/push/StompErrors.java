package dev.driverlab.web.push;

import dev.driverlab.web.http.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * The ERROR frame for a frame that could not be handled (one that does not parse, one whose handling failed): a
 * sentence, never an exception's text, which names Java classes. Refusals by {@link StompDestinationGuard} do not
 * come here; it sends its own.
 */
class StompErrors extends StompSubProtocolErrorHandler {
    private static final Logger log = LoggerFactory.getLogger(StompErrors.class);

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        String text = clientMessage == null
                ? "the frame is not STOMP, or is over the size limit"
                : "the frame could not be handled";
        log.warn("STOMP ERROR sent: {}: {}", text, Problems.scrub(String.valueOf(ex.getMessage())));
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(text);
        error.setLeaveMutable(true);
        if (clientMessage != null) {
            StompHeaderAccessor client = StompHeaderAccessor.wrap(clientMessage);
            if (client.getReceipt() != null) error.setReceiptId(client.getReceipt());
        }
        // The reason is in the message header alone: an empty body is what every client can read.
        return MessageBuilder.createMessage(new byte[0], error.getMessageHeaders());
    }
}
