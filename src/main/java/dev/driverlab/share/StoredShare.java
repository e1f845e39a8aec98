package dev.driverlab.share;

import java.time.Instant;

/** A share as read back: its id, what it carries and when it was made. */
public record StoredShare(String id, ShareContent content, Instant createdAt) {}
