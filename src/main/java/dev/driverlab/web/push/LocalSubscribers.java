package dev.driverlab.web.push;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.broker.SubscriptionRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;

/**
 * Whether a destination may have subscribers: with the in-memory broker, whether its subscription registry (the
 * one it delivers from, cached per destination) has any; through a relay always, since pages connected to other
 * instances may follow it. What a publisher asks before it builds frames nobody would receive.
 */
@Component
public class LocalSubscribers {
    private final ObjectProvider<SimpleBrokerMessageHandler> broker;
    private volatile SubscriptionRegistry registry;
    private volatile boolean resolved;

    LocalSubscribers(ObjectProvider<SimpleBrokerMessageHandler> broker) {
        this.broker = broker;
    }

    public boolean mayHave(String destination) {
        SubscriptionRegistry r = registry();
        if (r == null) return true;
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setDestination(destination);
        Message<byte[]> probe = MessageBuilder.createMessage(new byte[0], headers.getMessageHeaders());
        return !r.findSubscriptions(probe).isEmpty();
    }

    private SubscriptionRegistry registry() {
        if (!resolved) {
            SimpleBrokerMessageHandler handler = broker.getIfAvailable();
            registry = handler == null ? null : handler.getSubscriptionRegistry();
            resolved = true;
        }
        return registry;
    }
}
