package dev.driverlab.web.push;

import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@EnableConfigurationProperties(PushProperties.class)
class WebSocketConfiguration implements WebSocketMessageBrokerConfigurer {
    static final int MAX_INBOUND = 64 * 1024;

    /** The session attribute with the client's address, which its rate limits count against. */
    static final String CLIENT = "driverlab.client";

    private final PushProperties properties;
    private final StompDestinationGuard guard;

    WebSocketConfiguration(PushProperties properties, StompDestinationGuard guard) {
        this.properties = properties;
        this.guard = guard;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws")
                .setHandshakeHandler(new AnonymousUsers())
                .setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
        // Commands from one client are handled in the order it sent them, not in parallel.
        registry.setPreserveReceiveOrder(true);
        registry.setErrorHandler(new StompErrors());
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(guard);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        // Without this, two messages to one client may overtake each other on the outbound thread pool: steps
        // would reach a browser out of order.
        registry.setPreservePublishOrder(true);
        PushProperties.Relay relay = properties.relay();
        if (relay.enabled()) {
            registry.enableStompBrokerRelay("/topic", "/queue")
                    .setRelayHost(relay.host())
                    .setRelayPort(relay.port())
                    .setClientLogin(relay.login())
                    .setClientPasscode(relay.passcode())
                    .setSystemLogin(relay.login())
                    .setSystemPasscode(relay.passcode())
                    .setVirtualHost(relay.virtualHost())
                    // A user's error queue may live on another instance: resolve it through the broker.
                    .setUserDestinationBroadcast("/topic/unresolved-user")
                    .setUserRegistryBroadcast("/topic/user-registry");
        } else {
            registry.enableSimpleBroker("/topic", "/queue");
        }
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(MAX_INBOUND);
        registration.setSendBufferSizeLimit(8 * 1024 * 1024); // a slow watcher of a busy session
    }

    /**
     * Inbound WebSocket messages up to 64 KiB (a few thousand commands; bigger batches go over REST). Tomcat's
     * default is 8 KiB, past which it drops the connection; it allocates the buffer per connection up front, which
     * is why this is not larger.
     */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MAX_INBOUND);
        return container;
    }

    /**
     * There is no login: each connection gets a random user name, which is what {@code /user/queue/errors}
     * needs to route a sender's errors back to that sender only. The client's address goes into the session's
     * attributes for the rate limits.
     */
    static final class AnonymousUsers extends DefaultHandshakeHandler {
        @Override
        protected Principal determineUser(
                ServerHttpRequest request, WebSocketHandler handler, Map<String, Object> attributes) {
            if (request.getRemoteAddress() != null) {
                attributes.put(CLIENT, request.getRemoteAddress().getAddress().getHostAddress());
            }
            Principal user = request.getPrincipal();
            if (user != null) return user;
            String name = "anonymous-" + UUID.randomUUID();
            return () -> name;
        }
    }
}
